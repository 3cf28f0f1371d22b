package io.steward.common.decisions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.common.domain.RiskTier;
import io.steward.common.errors.StewardException;
import io.steward.common.lifecycle.GatePolicy;
import io.steward.common.lifecycle.GatePolicyParser;
import io.steward.common.spec.MonitorSpec;
import io.steward.common.spec.MonitorSpecParser;
import io.steward.common.testing.Specs;
import org.junit.jupiter.api.Test;

/** The {@code thresholds:} blocks of the spec and the policy, their errors and their layering. */
class ThresholdsParserTest {
  private static MonitorSpec spec(String block) {
    return MonitorSpecParser.parse("s.yaml", Specs.VALID + "thresholds:\n" + block);
  }

  private static String specFails(String block) {
    StewardException e = assertThrows(StewardException.class, () -> spec(block));
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    return e.getMessage();
  }

  private static GatePolicy policy(String yaml) {
    return GatePolicyParser.parse("p.yaml", yaml);
  }

  @Test
  void specWithoutBlockChangesNothing() {
    assertTrue(MonitorSpecParser.parse("s.yaml", Specs.VALID).thresholds().isEmpty());
    assertEquals(ThresholdPolicy.NONE, GatePolicy.defaults().thresholds());
  }

  @Test
  void specBlockSetsClearsAndSwitchesCi() {
    ThresholdOverrides o =
        spec("  psi_significant: 0.3\n"
                + "  latency_p99_ms_warn: null\n"
                + "  consecutive_windows: 2\n"
                + "  use_ci: {parity_ratio: false}\n")
            .thresholds();
    assertEquals(0.3, o.values().get(ThresholdKey.PSI_SIGNIFICANT));
    assertEquals(2.0, o.values().get(ThresholdKey.CONSECUTIVE_WINDOWS));
    assertTrue(o.cleared().contains(ThresholdKey.LATENCY_P99_MS_WARN));
    Thresholds t = Thresholds.defaults(RiskTier.LOW).with(o, "s");
    assertEquals(0.3, t.of(Rule.FEATURE_PSI).critical());
    assertEquals(0.1, t.of(Rule.FEATURE_PSI).warn());
    assertNull(t.of(Rule.LATENCY_P99_MS).warn());
    assertEquals(1000.0, t.of(Rule.LATENCY_P99_MS).critical());
    assertEquals(2, t.consecutiveWindows());
    assertFalse(t.of(Rule.PARITY_RATIO).useCi());
    assertTrue(t.of(Rule.EQUALIZED_ODDS_DIFF).useCi());
  }

  @Test
  void unknownKeyNamesTheAllowedKeys() {
    String m = specFails("  psi_moderat: 0.1\n");
    assertTrue(
        m.startsWith(
            "monitor spec s.yaml has an unknown threshold key 'thresholds.psi_moderat'; expected"
                + " one of psi_moderate, psi_significant, "),
        m);
    assertTrue(m.contains("consecutive_windows, use_ci (check the spelling)"), m);
  }

  @Test
  void unknownRuleInUseCi() {
    String m = specFails("  use_ci: {auc: true}\n");
    assertTrue(
        m.startsWith(
            "monitor spec s.yaml has an unknown threshold key 'thresholds.use_ci.auc'; expected"
                + " one of psi, score_psi, "),
        m);
    assertEquals(
        "monitor spec s.yaml: threshold 'thresholds.use_ci' is 'yes please' but must be true,"
            + " false or a mapping of rules to true or false",
        specFails("  use_ci: yes please\n"));
  }

  @Test
  void negativePsi() {
    assertEquals(
        "monitor spec s.yaml: threshold 'thresholds.psi_moderate' is '-0.1' but must be a PSI, a"
            + " number >= 0, or null to turn it off",
        specFails("  psi_moderate: -0.1\n"));
  }

  @Test
  void ratioAboveOne() {
    assertEquals(
        "monitor spec s.yaml: threshold 'thresholds.parity_ratio_min' is '1.2' but must be a"
            + " ratio, a number in [0, 1], or null to turn it off",
        specFails("  parity_ratio_min: 1.2\n"));
  }

  @Test
  void textWhereANumberGoes() {
    assertEquals(
        "monitor spec s.yaml: threshold 'thresholds.error_rate_max' is 'five percent' but must be"
            + " a ratio, a number in [0, 1], or null to turn it off",
        specFails("  error_rate_max: five percent\n"));
    assertEquals(
        "monitor spec s.yaml: threshold 'thresholds.latency_p99_ms_max' is '800' but must be a"
            + " number >= 0, or null to turn it off",
        specFails("  latency_p99_ms_max: '800'\n"));
  }

  @Test
  void consecutiveWindowsBelowOne() {
    assertEquals(
        "monitor spec s.yaml: threshold 'thresholds.consecutive_windows' is '0' but must be a whole"
            + " number >= 1",
        specFails("  consecutive_windows: 0\n"));
    assertEquals(
        "monitor spec s.yaml: threshold 'thresholds.consecutive_windows' is empty but must be a"
            + " whole number >= 1",
        specFails("  consecutive_windows: null\n"));
    assertEquals(
        "monitor spec s.yaml: threshold 'thresholds.min_labelled_rows' is '2.5' but must be a whole"
            + " number >= 0",
        specFails("  min_labelled_rows: 2.5\n"));
  }

  @Test
  void warnLooserThanCritical() {
    assertEquals(
        "monitor spec s.yaml thresholds: psi_moderate (0.3) is above psi_significant (0.25), so"
            + " WARN would be looser than CRITICAL; set the WARN level at or before the CRITICAL"
            + " one",
        specFails("  psi_moderate: 0.3\n  psi_significant: 0.25\n"));
    assertEquals(
        "monitor spec s.yaml thresholds: parity_ratio_warn (0.7) is below parity_ratio_min (0.8),"
            + " so WARN would be looser than CRITICAL; set the WARN level at or before the"
            + " CRITICAL one",
        specFails("  parity_ratio_warn: 0.7\n  parity_ratio_min: 0.8\n"));
  }

  @Test
  void blockThatIsNoMapping() {
    assertEquals(
        "monitor spec s.yaml: threshold 'thresholds' is '[1,2]' but must be a mapping of threshold"
            + " keys to values",
        specFails("  [1, 2]\n"));
  }

  @Test
  void policyBlockPerTier() {
    GatePolicy p =
        policy(
            "shadow_days: 7\n"
                + "thresholds:\n"
                + "  default: {psi_significant: 0.3, min_labelled_rows: 200}\n"
                + "  high: {psi_significant: 0.15, consecutive_windows: 1}\n");
    assertEquals(7, p.shadowDays());
    ThresholdPolicy t = p.thresholds();
    assertEquals(0.3, t.defaults(RiskTier.LOW).of(Rule.FEATURE_PSI).critical());
    assertEquals(200, t.defaults(RiskTier.LOW).minLabelledRows());
    assertEquals(3, t.defaults(RiskTier.LOW).consecutiveWindows());
    assertEquals(0.15, t.defaults(RiskTier.HIGH).of(Rule.FEATURE_PSI).critical());
    assertEquals(1, t.defaults(RiskTier.HIGH).consecutiveWindows());
    assertEquals(200, t.defaults(RiskTier.HIGH).minLabelledRows());
    assertEquals(0.3, t.defaults(RiskTier.CRITICAL).of(Rule.FEATURE_PSI).critical());
  }

  @Test
  void resolutionOrderBuiltInThenPolicyDefaultThenTierThenSpec() {
    ThresholdPolicy t =
        policy(
                "thresholds:\n"
                    + "  default: {error_rate_max: 0.04, error_rate_warn: 0.02, psi_moderate:"
                    + " 0.12}\n"
                    + "  HIGH: {error_rate_max: 0.03}\n")
            .thresholds();
    Thresholds high =
        t.resolve(RiskTier.HIGH, spec("  error_rate_warn: 0.025\n").thresholds(), "s.yaml");
    assertEquals(0.03, high.of(Rule.ERROR_RATE).critical(), "policy tier over policy default");
    assertEquals(0.025, high.of(Rule.ERROR_RATE).warn(), "spec over policy default");
    assertEquals(0.12, high.of(Rule.FEATURE_PSI).warn(), "policy default over built-in");
    assertEquals(0.20, high.of(Rule.FEATURE_PSI).critical(), "built-in HIGH");
    assertEquals(2, high.consecutiveWindows(), "built-in HIGH");
    Thresholds low = t.resolve(RiskTier.LOW, ThresholdOverrides.NONE, "s.yaml");
    assertEquals(0.04, low.of(Rule.ERROR_RATE).critical());
  }

  @Test
  void layersThatConflictOnceResolved() {
    StewardException e =
        assertThrows(
            StewardException.class, () -> policy("thresholds:\n  HIGH: {psi_moderate: 0.22}\n"));
    assertEquals(
        "gate policy p.yaml thresholds.HIGH: psi_moderate (0.22) is above psi_significant (0.2),"
            + " so WARN would be looser than CRITICAL; set the WARN level at or before the"
            + " CRITICAL one",
        e.getMessage());
    StewardException s =
        assertThrows(
            StewardException.class,
            () ->
                ThresholdPolicy.NONE.resolve(
                    RiskTier.LOW, spec("  error_rate_max: 0.001\n").thresholds(), "s.yaml"));
    assertEquals(
        "monitor spec s.yaml thresholds over the policy for tier LOW: error_rate_warn (0.01) is"
            + " above error_rate_max (0.001), so WARN would be looser than CRITICAL; set the WARN"
            + " level at or before the CRITICAL one",
        s.getMessage());
  }

  @Test
  void policyBlockUnknownTierOrBadValue() {
    StewardException e =
        assertThrows(StewardException.class, () -> policy("thresholds:\n  HUGE: {}\n"));
    assertEquals(
        "gate policy p.yaml has an unknown threshold key 'thresholds.HUGE'; expected one of"
            + " default, LOW, MEDIUM, HIGH, CRITICAL (check the spelling)",
        e.getMessage());
    StewardException v =
        assertThrows(
            StewardException.class,
            () -> policy("thresholds:\n  default: {equalized_odds_diff_max: 1.5}\n"));
    assertEquals(
        "gate policy p.yaml: threshold 'thresholds.default.equalized_odds_diff_max' is '1.5' but"
            + " must be a ratio, a number in [0, 1], or null to turn it off",
        v.getMessage());
  }
}
