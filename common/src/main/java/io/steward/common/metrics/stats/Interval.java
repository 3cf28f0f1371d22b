package io.steward.common.metrics.stats;

/**
 * A closed confidence interval [low, high] for an estimate: both ends are numbers and low is not
 * above high.
 */
public record Interval(double low, double high) {
  public Interval {
    if (!(low <= high)) {
      throw new IllegalArgumentException(
          "an interval needs low <= high, both numbers, but got [" + low + ", " + high + "]");
    }
  }
}
