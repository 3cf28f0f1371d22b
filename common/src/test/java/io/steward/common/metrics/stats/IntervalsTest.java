package io.steward.common.metrics.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * Intervals against published worked examples (Newcombe 1998a, Table I; Newcombe 1998b, Table II)
 * and hand computations written next to each assertion.
 */
class IntervalsTest {
  private static final double Z = 1.959963984540054;

  /** Published values are given to 4 decimals. */
  private static final double PUBLISHED = 5e-5;

  private static final double TOL = 1e-12;

  private static void assertInterval(double low, double high, Interval actual, double tol) {
    assertEquals(low, actual.low(), tol, "low");
    assertEquals(high, actual.high(), tol, "high");
  }

  @Test
  void intervalRejectsLowAboveHighAndNaN() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Interval(2, 1));
    assertEquals("an interval needs low <= high, both numbers, but got [2.0, 1.0]", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Interval(Double.NaN, 1));
    assertEquals(3.0, new Interval(3, 3).high());
  }

  @Test
  void wilsonMatchesNewcombeTableI() {
    // Newcombe (1998a), Statistics in Medicine 17:857, Table I, method 3 (score interval).
    assertInterval(0.2553, 0.3662, Intervals.wilson(81, 263), PUBLISHED);
    assertInterval(0.0624, 0.1605, Intervals.wilson(15, 148), PUBLISHED);
    assertInterval(0.0000, 0.1611, Intervals.wilson(0, 20), PUBLISHED);
    assertInterval(0.0061, 0.1718, Intervals.wilson(1, 29), PUBLISHED);
  }

  @Test
  void wilsonByHand() {
    // 5/10: p = 0.5, z^2 = 3.841459, 1 + z^2/n = 1.3841459, centre = (0.5 + 0.1920730) / 1.3841459
    // = 0.5; half = z / 1.3841459 * sqrt(0.25/10 + 3.841459/400) = 1.4160059 * 0.1860211
    // = 0.2634069 -> [0.2365931, 0.7634069].
    assertInterval(0.2365931, 0.7634069, Intervals.wilson(5, 10), 1e-7);
    // 0/n and n/n: the score interval touches 0 and 1.
    assertEquals(0.0, Intervals.wilson(0, 7).low(), TOL);
    assertEquals(1.0, Intervals.wilson(7, 7).high(), TOL);
  }

  @Test
  void wilsonOfNoTrialsIsNullAndBadCountsAreRejected() {
    assertNull(Intervals.wilson(0, 0));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Intervals.wilson(6, 5));
    assertEquals("counts need 0 <= events <= trials, but got 6 events in 5", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Intervals.wilson(-1, 5));
  }

  @Test
  void newcombeDifferenceMatchesNewcombeTableII() {
    // Newcombe (1998b), Statistics in Medicine 17:873, Table II, method 10 (hybrid score).
    assertInterval(0.0524, 0.3339, Intervals.newcombeDifference(56, 70, 48, 80), PUBLISHED);
    assertInterval(0.1705, 0.8090, Intervals.newcombeDifference(9, 10, 3, 10), PUBLISHED);
    assertInterval(-0.0381, 0.1926, Intervals.newcombeDifference(5, 56, 0, 29), PUBLISHED);
    assertInterval(-0.1611, 0.2775, Intervals.newcombeDifference(0, 10, 0, 20), PUBLISHED);
    assertInterval(0.6791, 1.0000, Intervals.newcombeDifference(10, 10, 0, 20), PUBLISHED);
  }

  @Test
  void newcombeDifferenceWithoutTrialsIsNull() {
    assertNull(Intervals.newcombeDifference(0, 0, 1, 2));
    assertNull(Intervals.newcombeDifference(1, 2, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> Intervals.newcombeDifference(3, 2, 1, 2));
  }

  @Test
  void katzRatioByHand() {
    // 10/20 over 5/20: ratio 2; SE = sqrt(1/10 - 1/20 + 1/5 - 1/20) = sqrt(0.2) = 0.4472136;
    // 2 * exp(-+ z * 0.4472136) = [0.8324556, 4.8050609].
    Interval ci = Intervals.katzRatio(10, 20, 5, 20);
    assertInterval(2 * Math.exp(-Z * Math.sqrt(0.2)), 2 * Math.exp(Z * Math.sqrt(0.2)), ci, TOL);
    assertInterval(0.8324556, 4.8050609, ci, 1e-7);
  }

  @Test
  void katzRatioWithAZeroAddsHalfToEveryCell() {
    // 0/10 over 5/10 -> 0.5/11 over 5.5/11: ratio 1/11; SE = sqrt(1/0.5 - 1/11 + 1/5.5 - 1/11)
    // = sqrt(2 - 1/11 + 2/11 - 1/11) = sqrt(2); (1/11) * exp(-+ z * sqrt 2) = [0.0056863,
    // 1.4534098].
    Interval ci = Intervals.katzRatio(0, 10, 5, 10);
    assertInterval(Math.exp(-Z * Math.sqrt(2)) / 11, Math.exp(Z * Math.sqrt(2)) / 11, ci, TOL);
    // 0/9 over 0/9 -> 0.5/10 over 0.5/10: ratio 1; SE = sqrt(2 * (1/0.5 - 1/10)) = sqrt(3.8).
    assertInterval(
        Math.exp(-Z * Math.sqrt(3.8)),
        Math.exp(Z * Math.sqrt(3.8)),
        Intervals.katzRatio(0, 9, 0, 9),
        TOL);
    // 4/4 over 4/4: no zero, no correction; SE = sqrt(1/4 - 1/4 + 1/4 - 1/4) = 0.
    assertInterval(1, 1, Intervals.katzRatio(4, 4, 4, 4), TOL);
  }

  @Test
  void katzRatioWithoutTrialsIsNull() {
    assertNull(Intervals.katzRatio(0, 0, 1, 2));
    assertNull(Intervals.katzRatio(1, 2, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> Intervals.katzRatio(1, 2, -1, 2));
  }

  @Test
  void meanNormalByHand() {
    // 2, 4, 4, 4, 5, 5, 7, 9: sum 40, sum of squares 232, n 8; mean 5;
    // s^2 = (232 - 40^2/8) / 7 = 32/7; s / sqrt(8) = sqrt(4/7) = 0.7559289;
    // 5 -+ z * 0.7559289 = [3.5184065, 6.4815935].
    Interval ci = Intervals.meanNormal(40, 232, 8);
    assertInterval(5 - Z * Math.sqrt(4.0 / 7), 5 + Z * Math.sqrt(4.0 / 7), ci, TOL);
    assertInterval(3.5184065, 6.4815935, ci, 1e-7);
  }

  @Test
  void meanNormalClipsANegativeVarianceAndNeedsTwoValues() {
    // Three values of 1 whose sum of squares came out one ulp low: (2.9999999999999996 - 3) / 2 < 0
    // counts as 0, so the interval is the mean itself.
    assertInterval(1, 1, Intervals.meanNormal(3, 2.9999999999999996, 3), 0);
    assertNull(Intervals.meanNormal(5, 25, 1));
    assertNull(Intervals.meanNormal(0, 0, 0));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Intervals.meanNormal(Double.NaN, 1, 3));
    assertEquals(
        "a mean interval needs a finite sum and sum of squares, but got NaN and 1.0",
        e.getMessage());
  }
}
