package io.steward.common.metrics.operational;

import io.steward.common.metrics.stats.Median;
import java.util.List;

/**
 * A window's completeness: its rows against the median rows of the windows before it (1.0 is a
 * usual volume, 0.5 half of it).
 */
public final class Completeness {
  private Completeness() {}

  /** Windows of trailing volume that completeness compares a window with. */
  public static final int TRAILING_WINDOWS = 28;

  /**
   * {@code rows} over the median of {@code trailing} (the earlier windows' rows that are known);
   * null when none is known or their median is zero.
   */
  public static Double of(double rows, List<Double> trailing) {
    Double median = Median.of(trailing);
    return median == null || median == 0 ? null : rows / median;
  }
}
