package io.steward.common.metrics.stats;

import java.util.List;

/** The median of a few values: the middle one, or the mean of the two middle ones. */
public final class Median {
  private Median() {}

  /** The median of {@code values}, or null when there are none. */
  public static Double of(List<Double> values) {
    if (values.isEmpty()) {
      return null;
    }
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
