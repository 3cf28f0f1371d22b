package io.steward.common.decisions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.common.decisions.Evaluation.SkipReason;
import io.steward.common.domain.ModelId;
import io.steward.common.domain.RiskTier;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every rule firing and not firing against the LOW tier's built-in levels (values chosen by hand on
 * either side of each level), the CI-aware variant, and the skipped nights.
 */
class RuleEvaluatorTest {
  private static final Thresholds LOW = Thresholds.defaults(RiskTier.LOW);
  private static final LocalDate NIGHT = LocalDate.parse("2026-03-01");

  static Observation obs(Rule r, Double value, Double low, Double high, Long n, Double baseline) {
    String subject =
        switch (r.scope()) {
          case FEATURE -> "income";
          case SUBGROUP -> "gender";
          case MODEL -> "";
        };
    return new Observation(
        new ModelId("credit_limit"),
        "v1",
        r,
        subject,
        NIGHT,
        value,
        low,
        high,
        n,
        baseline,
        r.resultTable() + "[model_version=v1, window_start=2026-03-01]");
  }

  private static Evaluation eval(Rule r, double value) {
    return RuleEvaluator.evaluate(obs(r, value, null, null, 500L, BASELINES.get(r)), LOW);
  }

  private static final Map<Rule, Double> BASELINES =
      Map.of(
          Rule.AUC_DROP_ABS, 0.80,
          Rule.AUC_DROP_REL, 0.80,
          Rule.RMSE_RISE_ABS, 10.0,
          Rule.RMSE_RISE_REL, 10.0);

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource({
    "FEATURE_PSI, 0.30, CRITICAL, 0.25",
    "FEATURE_PSI, 0.25, CRITICAL, 0.25",
    "FEATURE_PSI, 0.10, WARN, 0.10",
    "FEATURE_PSI, 0.05, NONE, 0.10",
    "SCORE_PSI, 0.26, CRITICAL, 0.25",
    "SCORE_PSI, 0.12, WARN, 0.10",
    "SCORE_PSI, 0.09, NONE, 0.10",
    "MISSING_RATE, 0.30, CRITICAL, 0.25",
    "MISSING_RATE, 0.20, WARN, 0.10",
    "MISSING_RATE, 0.10, NONE, 0.10",
    "OUT_OF_RANGE_RATE, 0.20, CRITICAL, 0.10",
    "OUT_OF_RANGE_RATE, 0.07, WARN, 0.05",
    "OUT_OF_RANGE_RATE, 0.05, NONE, 0.05",
    "AUC_DROP_ABS, 0.70, CRITICAL, 0.05",
    "AUC_DROP_ABS, 0.77, WARN, 0.02",
    "AUC_DROP_ABS, 0.79, NONE, 0.02",
    "AUC_DROP_REL, 0.70, CRITICAL, 0.07",
    "AUC_DROP_REL, 0.77, WARN, 0.03",
    "AUC_DROP_REL, 0.79, NONE, 0.03",
    "RMSE_RISE_REL, 13.0, CRITICAL, 0.20",
    "RMSE_RISE_REL, 11.5, WARN, 0.10",
    "RMSE_RISE_REL, 10.5, NONE, 0.10",
    "PARITY_RATIO, 0.70, CRITICAL, 0.80",
    "PARITY_RATIO, 0.80, WARN, 0.90",
    "PARITY_RATIO, 0.95, NONE, 0.90",
    "EQUALIZED_ODDS_DIFF, 0.15, CRITICAL, 0.10",
    "EQUALIZED_ODDS_DIFF, 0.07, WARN, 0.05",
    "EQUALIZED_ODDS_DIFF, 0.05, NONE, 0.05",
    "ERROR_RATE, 0.06, CRITICAL, 0.05",
    "ERROR_RATE, 0.02, WARN, 0.01",
    "ERROR_RATE, 0.005, NONE, 0.01",
    "LATENCY_P99_MS, 1500, CRITICAL, 1000",
    "LATENCY_P99_MS, 700, WARN, 500",
    "LATENCY_P99_MS, 400, NONE, 500",
    "FRESHNESS_HOURS, 50, CRITICAL, 48",
    "FRESHNESS_HOURS, 30, WARN, 24",
    "FRESHNESS_HOURS, 2, NONE, 24",
    "COMPLETENESS, 0.30, CRITICAL, 0.50",
    "COMPLETENESS, 0.60, WARN, 0.80",
    "COMPLETENESS, 1.10, NONE, 0.80",
  })
  void everyRuleFiresBeyondItsLevelsOnly(
      Rule rule, double value, Severity expected, double threshold) {
    Evaluation e = eval(rule, value);
    assertEquals(expected, e.severity());
    assertEquals(threshold, e.threshold(), 1e-12);
    assertFalse(e.isSkipped());
    assertFalse(e.ciUsed());
    assertEquals(expected != Severity.NONE, e.breach());
  }

  @Test
  void baselineRulesMeasureTheDropOrRise() {
    assertEquals(0.10, eval(Rule.AUC_DROP_ABS, 0.70).measured(), 1e-12);
    assertEquals(0.125, eval(Rule.AUC_DROP_REL, 0.70).measured(), 1e-12);
    assertEquals(0.30, eval(Rule.RMSE_RISE_REL, 13.0).measured(), 1e-12);
    assertEquals(0.30, eval(Rule.FEATURE_PSI, 0.30).measured(), 1e-12);
  }

  @Test
  void rmseAbsoluteIsOffUntilSet() {
    assertEquals(SkipReason.RULE_OFF, eval(Rule.RMSE_RISE_ABS, 14.0).skipped());
    Thresholds set =
        LOW.with(
            new ThresholdOverrides(
                Map.of(ThresholdKey.RMSE_RISE_ABS_WARN, 1.0, ThresholdKey.RMSE_RISE_ABS, 3.0),
                Set.of(),
                Map.of()),
            "test");
    Observation o14 = obs(Rule.RMSE_RISE_ABS, 14.0, null, null, 500L, 10.0);
    assertEquals(Severity.CRITICAL, RuleEvaluator.evaluate(o14, set).severity());
    Observation o115 = obs(Rule.RMSE_RISE_ABS, 11.5, null, null, 500L, 10.0);
    assertEquals(Severity.WARN, RuleEvaluator.evaluate(o115, set).severity());
    Observation o105 = obs(Rule.RMSE_RISE_ABS, 10.5, null, null, 500L, 10.0);
    assertEquals(Severity.NONE, RuleEvaluator.evaluate(o105, set).severity());
  }

  @Test
  void ciAwareFiresOnlyWhenTheWholeIntervalIsBeyond() {
    // AUC 0.70 against 0.80: a drop of 0.10 is CRITICAL on its value.
    Evaluation straddles =
        RuleEvaluator.evaluate(obs(Rule.AUC_DROP_ABS, 0.70, 0.60, 0.79, 500L, 0.80), LOW);
    assertEquals(Severity.NONE, straddles.severity(), "drop interval [0.01, 0.20]");
    assertTrue(straddles.ciUsed());
    assertEquals(0.10, straddles.measured(), 1e-12);
    Evaluation warn =
        RuleEvaluator.evaluate(obs(Rule.AUC_DROP_ABS, 0.70, 0.72, 0.77, 500L, 0.80), LOW);
    assertEquals(Severity.WARN, warn.severity(), "drop interval [0.03, 0.08]");
    Evaluation critical =
        RuleEvaluator.evaluate(obs(Rule.AUC_DROP_ABS, 0.70, 0.66, 0.74, 500L, 0.80), LOW);
    assertEquals(Severity.CRITICAL, critical.severity(), "drop interval [0.06, 0.14]");

    // A floor: the interval's high end decides.
    Observation parity = obs(Rule.PARITY_RATIO, 0.70, 0.60, 0.85, null, null);
    assertEquals(Severity.WARN, RuleEvaluator.evaluate(parity, LOW).severity());
    Observation parityWide = obs(Rule.PARITY_RATIO, 0.70, 0.60, 0.95, null, null);
    assertEquals(Severity.NONE, RuleEvaluator.evaluate(parityWide, LOW).severity());
    Thresholds pointOnly =
        LOW.with(new ThresholdOverrides(Map.of(), Set.of(), Map.of(Rule.PARITY_RATIO, false)), "t");
    Evaluation point = RuleEvaluator.evaluate(parityWide, pointOnly);
    assertEquals(Severity.CRITICAL, point.severity());
    assertFalse(point.ciUsed());

    // A rule whose row has no interval is judged on its value.
    Evaluation noCi =
        RuleEvaluator.evaluate(obs(Rule.AUC_DROP_ABS, 0.70, null, null, 500L, 0.80), LOW);
    assertEquals(Severity.CRITICAL, noCi.severity());
    assertFalse(noCi.ciUsed());
  }

  @Test
  void skippedNights() {
    assertEquals(
        SkipReason.NO_VALUE,
        RuleEvaluator.evaluate(obs(Rule.FEATURE_PSI, null, null, null, null, null), LOW).skipped());
    Evaluation few =
        RuleEvaluator.evaluate(obs(Rule.AUC_DROP_ABS, 0.50, null, null, 99L, 0.80), LOW);
    assertEquals(SkipReason.TOO_FEW_LABELLED_ROWS, few.skipped());
    assertFalse(few.breach());
    assertFalse(few.clean());
    assertNull(few.threshold());
    assertEquals(
        SkipReason.TOO_FEW_LABELLED_ROWS,
        RuleEvaluator.evaluate(obs(Rule.AUC_DROP_ABS, 0.50, null, null, null, 0.80), LOW)
            .skipped());
    assertEquals(
        Severity.CRITICAL,
        RuleEvaluator.evaluate(obs(Rule.AUC_DROP_ABS, 0.50, null, null, 100L, 0.80), LOW)
            .severity());
    assertEquals(
        SkipReason.NO_BASELINE,
        RuleEvaluator.evaluate(obs(Rule.AUC_DROP_ABS, 0.50, null, null, 500L, null), LOW)
            .skipped());
    assertEquals(
        SkipReason.NO_BASELINE,
        RuleEvaluator.evaluate(obs(Rule.RMSE_RISE_REL, 3.0, null, null, 500L, 0.0), LOW).skipped());
    assertEquals(
        Severity.CRITICAL,
        RuleEvaluator.evaluate(obs(Rule.EQUALIZED_ODDS_DIFF, 0.3, null, null, null, null), LOW)
            .severity(),
        "min_labelled_rows is for the performance rules only");
  }

  @Test
  void subjectMustFitTheScope() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new Observation(
                    new ModelId("m"),
                    "v1",
                    Rule.FEATURE_PSI,
                    "",
                    NIGHT,
                    0.1,
                    null,
                    null,
                    null,
                    null,
                    "feature_drift[]"));
    assertEquals(
        "rule psi is per FEATURE so its subject must name the FEATURE, not ''", e.getMessage());
  }
}
