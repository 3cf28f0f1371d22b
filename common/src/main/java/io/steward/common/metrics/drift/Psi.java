package io.steward.common.metrics.drift;

import java.util.List;

/**
 * The Population Stability Index of one feature: PSI = sum over bins of (a - e) * ln(a / e), where
 * a and e are the current and baseline proportions of non-missing values in the bin and a
 * proportion of 0 is replaced by {@link #EPSILON}.
 */
public final class Psi {
  private Psi() {}

  /** What a zero proportion is replaced by. */
  public static final double EPSILON = 1e-4;

  /**
   * The PSI of a window's bin counts against the baseline's proportions, summed in bin order; null
   * when the window has no non-missing value or the baseline had none.
   *
   * @param counts the window's histogram: the count of bin i at {@code counts[offset + i]} (slots
   *     past the end of the array count 0)
   * @param bins how many bins
   * @param expected the baseline proportion of each bin
   * @param baselineNonMissing the baseline's non-missing values
   */
  public static Double of(
      long[] counts, int offset, int bins, List<Double> expected, long baselineNonMissing) {
    long nonMissing = 0;
    for (int i = 0; i < bins; i++) {
      nonMissing += count(counts, offset + i);
    }
    if (nonMissing == 0 || baselineNonMissing == 0) {
      return null;
    }
    double psi = 0;
    for (int i = 0; i < bins; i++) {
      psi += term(count(counts, offset + i) / (double) nonMissing, expected.get(i));
    }
    return psi;
  }

  /** One bin's share of the PSI, from its current and baseline proportions. */
  public static double term(double actual, double expected) {
    double a = actual == 0.0 ? EPSILON : actual;
    double e = expected == 0.0 ? EPSILON : expected;
    return (a - e) * Math.log(a / e);
  }

  /** The count of a histogram slot; 0 past the end of the array. */
  static long count(long[] counts, int slot) {
    return slot < counts.length ? counts[slot] : 0L;
  }
}
