package io.steward.common.metrics.shadow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.common.metrics.shadow.ShadowVerdict.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShadowVerdictTest {
  static final ShadowThresholds T = ShadowThresholds.DEFAULTS;

  /** Pairs with labels; the challenger's score is the champion's plus shift, or its mirror. */
  static PairFigures figures(int n, double shift, boolean challengerBlind) {
    PairTally t = new PairTally();
    t.championRows = n;
    for (int i = 0; i < n; i++) {
      double label = i % 2;
      double champion = label == 1 ? 0.55 + (i % 40) / 100.0 : 0.05 + (i % 40) / 100.0;
      double challenger =
          challengerBlind ? (i % 97) / 100.0 : Math.min(1, Math.max(0, champion + shift));
      t.pair(champion, champion >= 0.5 ? 1 : 0, challenger, challenger >= 0.5 ? 1 : 0, label);
    }
    return PairFigures.of(t, 0);
  }

  @Test
  void aCleanNightWithEnoughPairsPromotes() {
    ShadowVerdict v = ShadowVerdict.judge(figures(2000, 0.001, false), T, false);
    assertEquals(Verdict.PROMOTE, v.verdict(), v.reasons().toString());
    assertTrue(v.clean());
  }

  @Test
  void tooFewPairsKeepsAndSaysSo() {
    ShadowVerdict v = ShadowVerdict.judge(figures(200, 0.001, false), T, false);
    assertEquals(Verdict.KEEP, v.verdict());
    assertFalse(v.clean());
    assertFalse(v.materialDiscrepancy());
    assertTrue(v.reasons().get(0).contains("fewer than the 1000"), v.reasons().toString());
  }

  @Test
  void aShiftedChallengerIsAMaterialDiscrepancy() {
    ShadowVerdict v = ShadowVerdict.judge(figures(2000, 0.2, false), T, false);
    assertEquals(Verdict.KEEP, v.verdict());
    assertTrue(v.materialDiscrepancy());
    assertFalse(v.clean());
    String reasons = String.join("; ", v.reasons());
    // A shift of .2, less where the challenger's score stops at 1.
    assertTrue(reasons.contains("mean absolute score difference 0.18"), reasons);
    assertTrue(reasons.contains("score PSI"), reasons);
  }

  @Test
  void aWorseChallengerIsKeptOut() {
    ShadowVerdict v =
        ShadowVerdict.judge(figures(2000, 0.0, true), new ShadowThresholds(1, 100, 1, 1, 0), false);
    assertEquals(Verdict.KEEP, v.verdict());
    assertTrue(
        String.join("; ", v.reasons()).contains("is below the champion's"), v.reasons().toString());
  }

  @Test
  void watchingAfterAPromotionRollsBackAWorseNewChampion() {
    // Roles after a promotion: the new champion is the blind one, the previous one is watched.
    PairFigures f = figures(2000, 0.0, true);
    PairFigures swapped =
        new PairFigures(
            f.pairs(),
            f.coverage(),
            f.agreement(),
            f.agreementCi(),
            f.meanAbsDiff(),
            f.meanAbsDiffCi(),
            f.p95AbsDiff(),
            f.scorePsi(),
            f.challenger(),
            f.champion(),
            f.challengerParity(),
            f.championParity());
    ShadowVerdict v = ShadowVerdict.judge(swapped, T, true);
    assertEquals(Verdict.ROLLBACK, v.verdict(), v.reasons().toString());
    ShadowVerdict holds = ShadowVerdict.judge(figures(2000, 0.001, false), T, true);
    assertEquals(Verdict.KEEP, holds.verdict());
    assertEquals(List.of("the new champion holds against the previous one"), holds.reasons());
  }
}
