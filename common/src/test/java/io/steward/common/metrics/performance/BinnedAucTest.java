package io.steward.common.metrics.performance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Binned AUC and its DeLong interval against hand computations written next to each assertion. */
class BinnedAucTest {
  private static final double Z = 1.959963984540054;
  private static final double TOL = 1e-12;

  private static BinnedAuc.Result auc(long[] positives, long[] negatives) {
    return BinnedAuc.compute(positives, negatives);
  }

  @Test
  void tiesCountHalf() {
    // Bins (ascending): pos 1, 2, 1; neg 2, 1, 1. P = N = 4, 16 pairs.
    // Pairs won: bin 0: 1 * (0 + 2/2) = 1; bin 1: 2 * (2 + 1/2) = 5; bin 2: 1 * (3 + 1/2) = 3.5.
    // AUC = 9.5 / 16 = 0.59375. Tied pairs 1*2 + 2*1 + 1*1 = 5 -> bound 0.5 * 5/16 = 0.15625.
    BinnedAuc.Result r = auc(new long[] {1, 2, 1}, new long[] {2, 1, 1});
    assertEquals(0.59375, r.auc(), TOL);
    assertEquals(0.15625, r.binningErrorBound(), TOL);
    assertEquals(4, r.positives());
    assertEquals(4, r.negatives());
    // V10 per positive: 1/4, 2.5/4, 2.5/4, 3.5/4; deviations from 0.59375: -0.34375, 0.03125 (x2),
    // 0.28125; squares add to 0.19921875; S10 = 0.19921875 / 3 = 0.06640625.
    // V01 per negative (positives above + half the tied): 3.5/4 (x2), 2/4, 0.5/4; deviations
    // 0.28125 (x2), -0.09375, -0.46875; squares add to 0.38671875; S01 = 0.12890625.
    // var = 0.06640625/4 + 0.12890625/4 = 0.048828125; low = 0.59375 - z * 0.2209709 = 0.1606551;
    // high 0.59375 + 0.4330945 > 1 is clipped to 1.
    assertEquals(0.59375 - Z * Math.sqrt(0.048828125), r.ci().low(), TOL);
    assertEquals(0.1606551, r.ci().low(), 1e-7);
    assertEquals(1.0, r.ci().high());
  }

  @Test
  void delongVarianceOfThreeAgainstThree() {
    // Scores ascending: n, p, n, p, n, p (one per bin, all distinct).
    // Per-sample DeLong: psi(X, Y) = 1 if X > Y, 1/2 if X = Y, else 0;
    // V10(X_i) = (1/N) sum_j psi(X_i, Y_j); V01(Y_j) = (1/P) sum_i psi(X_i, Y_j);
    // S10 = sum_i (V10(X_i) - AUC)^2 / (P - 1); S01 likewise over N - 1; var = S10/P + S01/N.
    // Positives beat 1, 2, 3 negatives: V10 = 1/3, 2/3, 1; AUC = 6/9 = 2/3.
    // S10 = ((1/3)^2 + 0 + (1/3)^2) / 2 = 1/9. Negatives lose to 3, 2, 1 positives:
    // V01 = 1, 2/3, 1/3; S01 = 1/9. var = 1/27 + 1/27 = 2/27; sd = 0.2721655.
    // low = 2/3 - z * 0.2721655 = 0.1332320; high 2/3 + 0.5334347 > 1 is clipped to 1.
    BinnedAuc.Result r = auc(new long[] {0, 1, 0, 1, 0, 1}, new long[] {1, 0, 1, 0, 1, 0});
    assertEquals(2.0 / 3, r.auc(), TOL);
    assertEquals(2.0 / 3 - Z * Math.sqrt(2.0 / 27), r.ci().low(), TOL);
    assertEquals(0.1332320, r.ci().low(), 1e-7);
    assertEquals(1.0, r.ci().high());
    assertEquals(0.0, r.binningErrorBound());
  }

  @Test
  void delongVarianceUnclippedWithTenPerBin() {
    // As above with 10 of each per bin: P = N = 30, same placements, AUC 2/3.
    // S10 = 10 * ((1/3)^2 + 0 + (1/3)^2) / 29 = (20/9) / 29; S10/P = 20 / 7830; S01/N the same;
    // var = 40/7830 = 4/783; sd = 0.0714746; CI = 2/3 -+ 0.1400868 = [0.5265799, 0.8067535].
    BinnedAuc.Result r = auc(new long[] {0, 10, 0, 10, 0, 10}, new long[] {10, 0, 10, 0, 10, 0});
    double half = Z * Math.sqrt(4.0 / 783);
    assertEquals(2.0 / 3 - half, r.ci().low(), TOL);
    assertEquals(2.0 / 3 + half, r.ci().high(), TOL);
    assertEquals(0.5265799, r.ci().low(), 1e-7);
    assertEquals(0.8067535, r.ci().high(), 1e-7);
  }

  @Test
  void allTiedIsHalf() {
    // One bin: every pair tied, AUC 1/2; every placement is 1/2, so the variance is 0.
    // Bound 0.5 * 3*5 / 15 = 0.5.
    BinnedAuc.Result r = auc(new long[] {3}, new long[] {5});
    assertEquals(0.5, r.auc(), TOL);
    assertEquals(0.5, r.ci().low(), TOL);
    assertEquals(0.5, r.ci().high(), TOL);
    assertEquals(0.5, r.binningErrorBound(), TOL);
  }

  @Test
  void perfectSeparationIsOne() {
    // Negatives in bins 0-1, positives in bins 2-3: all 5*5 pairs won; all placements 1.
    BinnedAuc.Result r = auc(new long[] {0, 0, 2, 3}, new long[] {4, 1, 0, 0});
    assertEquals(1.0, r.auc(), TOL);
    assertEquals(1.0, r.ci().low(), TOL);
    assertEquals(1.0, r.ci().high(), TOL);
    assertEquals(0.0, r.binningErrorBound());
  }

  @Test
  void reversedIsZero() {
    // Positives all below negatives: no pair won; all placements 0.
    BinnedAuc.Result r = auc(new long[] {2, 0}, new long[] {0, 3});
    assertEquals(0.0, r.auc(), TOL);
    assertEquals(0.0, r.ci().low(), TOL);
    assertEquals(0.0, r.ci().high(), TOL);
  }

  @Test
  void singleClassHasNoAucAndOneOfAClassNoInterval() {
    assertNull(auc(new long[] {0, 0}, new long[] {1, 2}));
    assertNull(auc(new long[] {3}, new long[] {0}));
    assertNull(auc(new long[] {}, new long[] {}));
    // One positive below two negatives: AUC 0, but S10 needs P >= 2.
    BinnedAuc.Result r = auc(new long[] {1, 0}, new long[] {0, 2});
    assertEquals(0.0, r.auc(), TOL);
    assertNull(r.ci());
  }

  @Test
  void boundCoversTheUnbinnedAuc() {
    // Raw scores: positives 0.2, 0.6; negatives 0.4, 0.8. Exact AUC: only (0.6, 0.4) is won -> 1/4.
    // Bins [0, 0.5) and [0.5, 1): pos 1, 1; neg 1, 1. Binned AUC = (1 * 1/2 + 1 * (1 + 1/2)) / 4
    // = 1/2; bound = 0.5 * (1 + 1) / 4 = 1/4 = |1/2 - 1/4|: the bound is reached.
    BinnedAuc.Result r = auc(new long[] {1, 1}, new long[] {1, 1});
    assertEquals(0.5, r.auc(), TOL);
    assertEquals(0.25, r.binningErrorBound(), TOL);
  }

  @Test
  void billionsPerBinDoNotOverflow() {
    // b = 1e9; pos 0, b, b, b, b, b; neg b, b, b, b, b, 0: P = N = 5b and P * N = 2.5e19 pairs,
    // more than a long holds. Won: b*(b + b/2) + b*(2b + b/2) + b*(3b + b/2) + b*(4b + b/2)
    // + b*5b = 17 b^2 -> AUC 17/25 = 0.68. Tied: 4 b^2 -> bound 0.5 * 4/25 = 0.08.
    // V10 (b positives each): 0.3, 0.5, 0.7, 0.9, 1.0; deviations from 0.68: -0.38, -0.18, 0.02,
    // 0.22, 0.32; squares 0.1444 + 0.0324 + 0.0004 + 0.0484 + 0.1024 = 0.328 (times b).
    // V01 (b negatives each): 1.0, 0.9, 0.7, 0.5, 0.3: the same squares. S10 = S01 = 0.328 b /
    // (5b - 1); var = 2 * S10 / (5b).
    long b = 1_000_000_000L;
    BinnedAuc.Result r = auc(new long[] {0, b, b, b, b, b}, new long[] {b, b, b, b, b, 0});
    assertEquals(0.68, r.auc(), TOL);
    assertEquals(0.08, r.binningErrorBound(), TOL);
    assertEquals(5 * b, r.positives());
    assertEquals(5 * b, r.negatives());
    double s = 0.328 * b / (5.0 * b - 1);
    double half = Z * Math.sqrt(2 * s / (5.0 * b));
    assertEquals(0.68 - half, r.ci().low(), TOL);
    assertEquals(0.68 + half, r.ci().high(), TOL);
  }

  @Test
  void badInputIsRejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> auc(new long[] {1}, new long[] {1, 2}));
    assertEquals(
        "AUC bins need one positive and one negative count per bin, but got 1 positive and 2"
            + " negative counts",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> auc(null, new long[] {1}));
    assertEquals(
        "AUC bins need one positive and one negative count per bin, but got no positive and 1"
            + " negative counts",
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> auc(new long[] {1, -1}, new long[] {1, 2}));
    assertEquals("AUC bin 1 has a negative count (-1 positives, 2 negatives)", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> new BinnedAuc.Result(1.5, null, 1, 1, 0));
    assertEquals("an AUC lies in [0, 1], but got 1.5", e.getMessage());
  }
}
