package io.steward.common.metrics.operational;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The sketch's relative-error guarantee and nearest-rank quantiles, against hand computations. */
class LogSketchTest {
  private static final double ACCURACY = 0.01;

  private static void assertWithinAccuracy(double value) {
    double represented = LogSketch.representative(LogSketch.index(value));
    assertTrue(
        Math.abs(represented - value) <= ACCURACY * value,
        value + " is represented by " + represented);
  }

  private static long[] sketch(double... values) {
    long[] counts = new long[LogSketch.size()];
    for (double v : values) {
      counts[LogSketch.index(v)]++;
    }
    return counts;
  }

  @Test
  void constantsAndSize() {
    assertEquals(0.01, LogSketch.RELATIVE_ACCURACY);
    // Bucket i >= 1 is [1e-3 * 1.02^(i-1), 1e-3 * 1.02^i). ln(1e9 / 1e-3) / ln(1.02)
    // = 27.6310211 / 0.0198026 = 1395.32, so 1e9 lies in bucket 1396 ([1e-3 * 1.02^1395 = 9.937e8,
    // 1e-3 * 1.02^1396 = 1.0135e9)); with bucket 0 that makes 1397 buckets.
    assertEquals(1397, LogSketch.size());
    assertEquals(1396, LogSketch.index(LogSketch.MAX_VALUE));
    // Above the range everything goes to the last bucket (no guarantee there).
    assertEquals(1396, LogSketch.index(1e15));
  }

  @Test
  void smallValuesStandForZero() {
    assertEquals(0, LogSketch.index(0));
    assertEquals(0, LogSketch.index(Math.nextDown(LogSketch.MIN_VALUE)));
    assertEquals(1, LogSketch.index(LogSketch.MIN_VALUE));
    assertEquals(0.0, LogSketch.representative(0));
  }

  @Test
  void bucketOfOne() {
    // ln(1 / 1e-3) / ln(1.02) = 6.9077553 / 0.0198026 = 348.83 -> bucket 1 + 348 = 349, edges
    // lo = 1e-3 * 1.02^348 = 0.9836934, hi = lo * 1.02 = 1.0033673; representative
    // 2 * lo * hi / (lo + hi) = 0.9934330.
    assertEquals(349, LogSketch.index(1.0));
    assertEquals(0.9934330, LogSketch.representative(349), 1e-7);
  }

  @Test
  void relativeErrorOverADenseSweep() {
    // 100001 log-spaced values from MIN_VALUE to MAX_VALUE; bucket indexes never go down.
    int steps = 100_000;
    double logSpan = Math.log(LogSketch.MAX_VALUE / LogSketch.MIN_VALUE);
    int previous = 0;
    for (int k = 0; k <= steps; k++) {
      double v = LogSketch.MIN_VALUE * Math.exp(logSpan * k / steps);
      v = Math.min(LogSketch.MAX_VALUE, Math.max(LogSketch.MIN_VALUE, v));
      assertWithinAccuracy(v);
      int index = LogSketch.index(v);
      assertTrue(index >= previous, "index fell at " + v);
      previous = index;
    }
    assertWithinAccuracy(LogSketch.MIN_VALUE);
    assertWithinAccuracy(LogSketch.MAX_VALUE);
  }

  @Test
  void relativeErrorAtBucketEdges() {
    // Edges 1e-3 * 1.02^i and the doubles just below and above them: each is within 1% of its
    // representative, and one step across an edge moves one bucket at most.
    for (int i = 0; i < LogSketch.size(); i++) {
      double edge = LogSketch.MIN_VALUE * Math.pow(1.02, i);
      for (double v : new double[] {Math.nextDown(edge), edge, Math.nextUp(edge)}) {
        if (v >= LogSketch.MIN_VALUE && v <= LogSketch.MAX_VALUE) {
          assertWithinAccuracy(v);
        }
      }
      int step = LogSketch.index(Math.nextUp(edge)) - LogSketch.index(Math.nextDown(edge));
      assertTrue(step == 0 || step == 1, "edge " + edge + " skips buckets");
    }
  }

  @Test
  void quantilesOfAHandSet() {
    // Ten values, sorted: 0, 0.0005, 1, 2, 3, 10, 100, 1000, 5000, 1e6.
    // Nearest rank ceil(q * 10), at least 1:
    // q = 0, 0.1 -> rank 1 -> 0; q = 0.2 -> rank 2 -> 0.0005, in bucket 0 -> 0;
    // q = 0.3 -> rank 3 -> 1;
    // q = 0.5 -> rank 5 -> 3; q = 0.55 -> rank 6 -> 10; q = 0.9 -> rank 9 -> 5000;
    // q = 0.95 -> rank 10 -> 1e6; q = 1 -> rank 10 -> 1e6.
    long[] counts = sketch(1000, 0, 3, 1e6, 1, 0.0005, 100, 2, 5000, 10);
    assertEquals(0.0, LogSketch.quantile(counts, 0));
    assertEquals(0.0, LogSketch.quantile(counts, 0.1));
    assertEquals(0.0, LogSketch.quantile(counts, 0.2));
    assertQuantile(1, LogSketch.quantile(counts, 0.3));
    assertQuantile(3, LogSketch.quantile(counts, 0.5));
    assertQuantile(10, LogSketch.quantile(counts, 0.55));
    assertQuantile(5000, LogSketch.quantile(counts, 0.9));
    assertQuantile(1e6, LogSketch.quantile(counts, 0.95));
    assertQuantile(1e6, LogSketch.quantile(counts, 1));
  }

  @Test
  void rankIsExactForDecimalQuantiles() {
    // 1, 2, ..., 25: q = 0.28 -> rank 0.28 * 25 = 7 exactly -> 7; the double product is
    // 7.000000000000001, whose ceiling 8 would pick the wrong value (8 is 14% above 7).
    double[] values = new double[25];
    for (int i = 0; i < 25; i++) {
      values[i] = i + 1;
    }
    assertQuantile(7, LogSketch.quantile(sketch(values), 0.28));
    // q = 0.29 -> 7.25 -> rank 8.
    assertQuantile(8, LogSketch.quantile(sketch(values), 0.29));
  }

  /** The quantile is the representative of the raw value's bucket, within 1% of it. */
  private static void assertQuantile(double raw, Double quantile) {
    assertEquals(LogSketch.representative(LogSketch.index(raw)), quantile);
    assertTrue(Math.abs(quantile - raw) <= ACCURACY * raw, quantile + " for " + raw);
  }

  @Test
  void shortCountArraysAndEmptySketches() {
    long[] counts = new long[350];
    counts[349] = 4;
    // Four values in bucket 349 (the bucket of 1.0): every quantile is its representative.
    assertEquals(LogSketch.representative(349), LogSketch.quantile(counts, 0.5));
    assertNull(LogSketch.quantile(new long[0], 0.5));
    assertNull(LogSketch.quantile(new long[10], 0.5));
  }

  @Test
  void randomValuesAgainstExactNearestRank() {
    // 100000 log-normal latencies (median e^3 = 20 ms, sigma 2.5), kept inside the sketch's range.
    Random random = new Random(20190826L);
    int n = 100_000;
    double[] raw = new double[n];
    long[] counts = new long[LogSketch.size()];
    for (int i = 0; i < n; i++) {
      double v;
      do {
        v = Math.exp(3 + 2.5 * random.nextGaussian());
      } while (v < LogSketch.MIN_VALUE || v > LogSketch.MAX_VALUE);
      raw[i] = v;
      counts[LogSketch.index(v)]++;
    }
    Arrays.sort(raw);
    // q = k / 1000; exact nearest rank ceil(k * n / 1000) in integers, at least 1.
    for (int k : new int[] {0, 1, 10, 100, 250, 500, 750, 900, 990, 999, 1000}) {
      long rank = Math.max(1, ((long) k * n + 999) / 1000);
      double exact = raw[(int) rank - 1];
      double approx = LogSketch.quantile(counts, k / 1000.0);
      assertTrue(
          Math.abs(approx - exact) <= ACCURACY * exact,
          "q = " + k / 1000.0 + ": " + approx + " against " + exact);
    }
  }

  @Test
  void badInputIsRejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> LogSketch.index(-1));
    assertEquals(
        "a sketch counts finite values >= 0, but got -1.0; leave such values out", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> LogSketch.index(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> LogSketch.index(Double.POSITIVE_INFINITY));
    e = assertThrows(IllegalArgumentException.class, () -> LogSketch.representative(1397));
    assertEquals("a sketch has buckets 0 to 1396, but got bucket 1397", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> LogSketch.representative(-1));
    e = assertThrows(IllegalArgumentException.class, () -> LogSketch.quantile(new long[1398], 0.5));
    assertEquals("a sketch has at most 1397 bucket counts, but got 1398", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> LogSketch.quantile(new long[1], 1.5));
    assertEquals("a quantile lies in [0, 1], but got 1.5", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> LogSketch.quantile(new long[1], Double.NaN));
    e =
        assertThrows(
            IllegalArgumentException.class, () -> LogSketch.quantile(new long[] {1, -2}, 0.5));
    assertEquals("sketch bucket 1 has a negative count -2", e.getMessage());
  }
}
