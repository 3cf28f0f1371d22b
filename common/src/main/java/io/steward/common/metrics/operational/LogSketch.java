package io.steward.common.metrics.operational;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A quantile sketch with a fixed set of logarithmic buckets for non-negative values such as
 * latencies in milliseconds or delays in hours, in the spirit of DDSketch (Masson, Rim & Lee 2019).
 *
 * <p>A sketch is an array of counts indexed by {@link #index}. Bucket 0 holds [0, {@link
 * #MIN_VALUE}) and stands for 0. Bucket i >= 1 holds [MIN_VALUE * GROWTH^(i-1), MIN_VALUE *
 * GROWTH^i) and stands for the harmonic mean of its two edges, which is within (GROWTH - 1) /
 * (GROWTH + 1) = 0.990% of every value in the bucket, below {@link #RELATIVE_ACCURACY}. The last
 * bucket contains {@link #MAX_VALUE} and also takes every larger value: the relative-error
 * guarantee holds for values in [MIN_VALUE, MAX_VALUE] only. Because the buckets are fixed,
 * sketches built anywhere add up bucket by bucket; edges are computed with {@link StrictMath} so
 * that every JVM puts a value in the same bucket.
 */
public final class LogSketch {
  private LogSketch() {}

  /** The most a bucket's representative differs from a value in it, relative to the value. */
  public static final double RELATIVE_ACCURACY = 0.01;

  /** The ratio of the upper to the lower edge of every bucket from 1 on. */
  public static final double GROWTH = 1.02;

  /** The lower edge of bucket 1; smaller values fall in bucket 0, which stands for 0. */
  public static final double MIN_VALUE = 1e-3;

  /** The largest value for which the relative-error guarantee holds. */
  public static final double MAX_VALUE = 1e9;

  /** EDGES[i] = MIN_VALUE * GROWTH^i: bucket i >= 1 is [EDGES[i - 1], EDGES[i]). */
  private static final double[] EDGES = edges();

  private static final double LOG_GROWTH = StrictMath.log(GROWTH);

  private static double[] edges() {
    int last = 0;
    while (MIN_VALUE * StrictMath.pow(GROWTH, last) <= MAX_VALUE) {
      last++;
    }
    double[] edges = new double[last + 1];
    for (int i = 0; i <= last; i++) {
      edges[i] = MIN_VALUE * StrictMath.pow(GROWTH, i);
    }
    return edges;
  }

  /** {@code size}: the number of buckets, the length of a full sketch's count array. */
  public static int size() {
    return EDGES.length;
  }

  /**
   * {@code index}: the bucket of a value: 0 below {@link #MIN_VALUE}, else the i with MIN_VALUE *
   * GROWTH^(i-1) <= value < MIN_VALUE * GROWTH^i, capped at the last bucket (the logarithmic
   * mapping of Masson, Rim & Lee 2019).
   *
   * @param value a finite value >= 0
   */
  public static int index(double value) {
    if (!(value >= 0) || value == Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException(
          "a sketch counts finite values >= 0, but got " + value + "; leave such values out");
    }
    int last = EDGES.length - 1;
    if (value < MIN_VALUE) {
      return 0;
    }
    if (value >= EDGES[last - 1]) {
      return last;
    }
    // An estimate (the fast logarithm may differ from StrictMath's in the last bit); the loops
    // below settle the bucket against the exact edges.
    int i = 1 + (int) (Math.log(value / MIN_VALUE) / LOG_GROWTH);
    i = Math.max(1, Math.min(last - 1, i));
    while (value < EDGES[i - 1]) {
      i--;
    }
    while (value >= EDGES[i]) {
      i++;
    }
    return i;
  }

  /**
   * {@code representative}: the value a bucket stands for: 0 for bucket 0, else the harmonic mean 2
   * * lo * hi / (lo + hi) of its edges, the point of equal relative distance to both (Masson, Rim &
   * Lee 2019 use the same point in their log mapping).
   *
   * @param index a bucket, from 0 to {@code size() - 1}
   */
  public static double representative(int index) {
    if (index < 0 || index >= EDGES.length) {
      throw new IllegalArgumentException(
          "a sketch has buckets 0 to " + (EDGES.length - 1) + ", but got bucket " + index);
    }
    if (index == 0) {
      return 0;
    }
    double lo = EDGES[index - 1];
    double hi = EDGES[index];
    return 2 * lo * hi / (lo + hi);
  }

  /**
   * {@code quantile}: the nearest-rank quantile (Hyndman & Fan 1996, definition 1 of the inverse
   * empirical distribution): the representative of the bucket that holds the value of rank ceil(q *
   * n), or rank 1 when that is below 1. For values in [MIN_VALUE, MAX_VALUE] it is within {@link
   * #RELATIVE_ACCURACY} of the exact nearest-rank quantile of the raw values.
   *
   * <p>q * n is computed exactly from the decimal form of q ({@link Double#toString}), so that 0.28
   * of 25 values is rank 7 and not the 8 that the rounded double product 7.000000000000001 would
   * give.
   *
   * @param counts counts per bucket, at most {@link #size()} long; missing buckets count 0
   * @param q the quantile, in [0, 1]
   * @return the quantile, or null when the counts add up to 0
   */
  public static Double quantile(long[] counts, double q) {
    if (counts == null || counts.length > EDGES.length) {
      throw new IllegalArgumentException(
          "a sketch has at most "
              + EDGES.length
              + " bucket counts, but got "
              + (counts == null ? "none" : counts.length));
    }
    if (!(q >= 0 && q <= 1)) {
      throw new IllegalArgumentException("a quantile lies in [0, 1], but got " + q);
    }
    long n = 0;
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] < 0) {
        throw new IllegalArgumentException(
            "sketch bucket " + i + " has a negative count " + counts[i]);
      }
      n = Math.addExact(n, counts[i]);
    }
    if (n == 0) {
      return null;
    }
    long rank =
        BigDecimal.valueOf(q)
            .multiply(BigDecimal.valueOf(n))
            .setScale(0, RoundingMode.CEILING)
            .longValueExact();
    rank = Math.max(1, rank);
    int i = 0;
    long seen = counts[0];
    while (seen < rank) {
      i++;
      seen += counts[i];
    }
    return representative(i);
  }
}
