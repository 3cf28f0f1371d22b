package io.steward.common.decisions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.common.domain.RiskTier;
import org.junit.jupiter.api.Test;

/** The built-in defaults: the documented values, and tiers that tighten with risk. */
class ThresholdsTest {
  @Test
  void baseDefaultsAreTheDocumentedOnes() {
    Thresholds low = Thresholds.defaults(RiskTier.LOW);
    assertEquals(low, Thresholds.defaults(RiskTier.MEDIUM));
    assertEquals(0.1, low.of(Rule.FEATURE_PSI).warn());
    assertEquals(0.25, low.of(Rule.FEATURE_PSI).critical());
    assertEquals(0.25, low.of(Rule.SCORE_PSI).critical());
    assertEquals(0.8, low.of(Rule.PARITY_RATIO).critical());
    assertEquals(100, low.minLabelledRows());
    assertEquals(3, low.consecutiveWindows());
    assertTrue(low.of(Rule.RMSE_RISE_ABS).off(), "no absolute RMSE level fits every target");
    assertTrue(low.of(Rule.AUC_DROP_ABS).useCi());
    assertTrue(low.of(Rule.PARITY_RATIO).useCi());
    assertFalse(low.of(Rule.FEATURE_PSI).useCi());
    assertFalse(low.of(Rule.ERROR_RATE).useCi());
  }

  @Test
  void higherTiersAreNeverLooser() {
    RiskTier[] tiers = RiskTier.values();
    for (int i = 1; i < tiers.length; i++) {
      Thresholds lower = Thresholds.defaults(tiers[i - 1]);
      Thresholds higher = Thresholds.defaults(tiers[i]);
      assertTrue(higher.consecutiveWindows() <= lower.consecutiveWindows());
      for (Rule r : Rule.values()) {
        for (Severity s : new Severity[] {Severity.WARN, Severity.CRITICAL}) {
          Double a = lower.of(r).level(s);
          Double b = higher.of(r).level(s);
          if (a == null) {
            assertNull(b, r + " " + s);
            continue;
          }
          boolean ceiling = r.direction() == Rule.Direction.HIGHER_IS_WORSE;
          assertTrue(ceiling ? b <= a : b >= a, r + " " + s + " " + tiers[i]);
        }
      }
    }
    Thresholds high = Thresholds.defaults(RiskTier.HIGH);
    assertEquals(2, high.consecutiveWindows());
    assertEquals(1, Thresholds.defaults(RiskTier.CRITICAL).consecutiveWindows());
    assertEquals(0.03, high.of(Rule.AUC_DROP_ABS).critical());
    assertEquals(0.02, high.of(Rule.ERROR_RATE).critical());
    assertEquals(0.7, high.of(Rule.COMPLETENESS).critical());
  }

  @Test
  void everyRuleHasBothKeysAndEveryKeyReadsBack() {
    Thresholds t = Thresholds.defaults(RiskTier.HIGH);
    for (ThresholdKey k : ThresholdKey.values()) {
      assertEquals(k.builtIn(RiskTier.HIGH), t.value(k), k.key());
      assertEquals(k, ThresholdKey.ofKey(k.key()));
    }
    for (Rule r : Rule.values()) {
      assertEquals(r, ThresholdKey.of(r, Severity.WARN).rule());
      assertEquals(r, Rule.ofKey(r.key()));
    }
  }
}
