package io.steward.common.metrics.stats;

/**
 * Two-sided 95% confidence intervals for a proportion, for the difference and the ratio of two
 * independent proportions, and for a mean, computed from counts and sums so that they can be filled
 * in from aggregates.
 */
public final class Intervals {
  private Intervals() {}

  /** The 97.5th percentile of the standard normal distribution: z for a 95% two-sided interval. */
  public static final double Z95 = 1.959963984540054;

  /**
   * {@code wilson}: the Wilson score interval for a binomial proportion (Wilson 1927; method 3 in
   * Newcombe 1998, Statistics in Medicine 17:857), clipped to [0, 1] against rounding.
   *
   * @param successes events among {@code n}, between 0 and {@code n}
   * @param n trials
   * @return the interval, or null when {@code n} is 0
   */
  public static Interval wilson(long successes, long n) {
    checkCounts(successes, n);
    if (n == 0) {
      return null;
    }
    double p = (double) successes / n;
    double zz = Z95 * Z95;
    double denominator = 1 + zz / n;
    double center = (p + zz / (2.0 * n)) / denominator;
    double half = Z95 / denominator * Math.sqrt(p * (1 - p) / n + zz / (4.0 * n * n));
    return new Interval(Math.max(0, center - half), Math.min(1, center + half));
  }

  /**
   * {@code newcombeDifference}: the hybrid score interval for p1 - p2 of two independent
   * proportions (Newcombe 1998, Statistics in Medicine 17:873, method 10), built from the Wilson
   * intervals [l1, u1] and [l2, u2]: from d - sqrt((p1 - l1)^2 + (u2 - p2)^2) to d + sqrt((u1 -
   * p1)^2 + (p2 - l2)^2), where d = p1 - p2.
   *
   * @return the interval, or null when {@code n1} or {@code n2} is 0
   */
  public static Interval newcombeDifference(long x1, long n1, long x2, long n2) {
    checkCounts(x1, n1);
    checkCounts(x2, n2);
    if (n1 == 0 || n2 == 0) {
      return null;
    }
    double p1 = (double) x1 / n1;
    double p2 = (double) x2 / n2;
    Interval w1 = wilson(x1, n1);
    Interval w2 = wilson(x2, n2);
    double d = p1 - p2;
    double below = Math.hypot(p1 - w1.low(), w2.high() - p2);
    double above = Math.hypot(w1.high() - p1, p2 - w2.low());
    return new Interval(d - below, d + above);
  }

  /**
   * {@code katzRatio}: the Katz log interval for the ratio p1 / p2 of two independent proportions
   * (Katz, Baptista, Azen & Pike 1978): exp(ln(p1 / p2) +- z * sqrt(1/x1 - 1/n1 + 1/x2 - 1/n2)).
   *
   * <p>When {@code x1} or {@code x2} is 0 the logarithm is undefined; then 0.5 is added to every
   * cell of the 2x2 table (Haldane 1956), in both groups: each event count x becomes x + 0.5 and
   * each non-event count n - x becomes n - x + 0.5, so each n becomes n + 1. The same applies when
   * both are 0, where p1 / p2 itself is undefined but the interval is still finite.
   *
   * @return the interval, or null when {@code n1} or {@code n2} is 0
   */
  public static Interval katzRatio(long x1, long n1, long x2, long n2) {
    checkCounts(x1, n1);
    checkCounts(x2, n2);
    if (n1 == 0 || n2 == 0) {
      return null;
    }
    double correction = x1 == 0 || x2 == 0 ? 0.5 : 0.0;
    double e1 = x1 + correction;
    double t1 = n1 + 2 * correction;
    double e2 = x2 + correction;
    double t2 = n2 + 2 * correction;
    double logRatio = Math.log((e1 / t1) / (e2 / t2));
    double se = Math.sqrt(1 / e1 - 1 / t1 + 1 / e2 - 1 / t2);
    return new Interval(Math.exp(logRatio - Z95 * se), Math.exp(logRatio + Z95 * se));
  }

  /**
   * {@code meanNormal}: the normal-approximation (Wald) interval for a mean, mean +- z * s /
   * sqrt(n), with s the sample standard deviation (denominator n - 1) taken from the sum and the
   * sum of squares; a variance below 0 from rounding counts as 0. With z in place of Student's t it
   * suits large n (see e.g. Casella & Berger 2002, section 10.4).
   *
   * @return the interval, or null when {@code n} is below 2
   */
  public static Interval meanNormal(double sum, double sumOfSquares, long n) {
    if (!Double.isFinite(sum) || !Double.isFinite(sumOfSquares)) {
      throw new IllegalArgumentException(
          "a mean interval needs a finite sum and sum of squares, but got "
              + sum
              + " and "
              + sumOfSquares);
    }
    if (n < 2) {
      return null;
    }
    double mean = sum / n;
    double variance = Math.max(0, (sumOfSquares - sum * mean) / (n - 1));
    double half = Z95 * Math.sqrt(variance / n);
    return new Interval(mean - half, mean + half);
  }

  private static void checkCounts(long events, long trials) {
    if (trials < 0 || events < 0 || events > trials) {
      throw new IllegalArgumentException(
          "counts need 0 <= events <= trials, but got " + events + " events in " + trials);
    }
  }
}
