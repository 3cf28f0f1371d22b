package io.steward.jobs.decisions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.steward.common.decisions.Observation;
import io.steward.common.decisions.Rule;
import io.steward.registry.store.RuleRows;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which rules read a stored results row, and what each observation carries. No Spark. */
class ObservationsTest {
  static final LocalDate NIGHT = LocalDate.of(2026, 3, 2);

  static RuleRows.Figure row(String table, String version, String metric, String subject) {
    return new RuleRows.Figure(
        table, "r1", "m1", version, NIGHT, metric, subject, 0.7, 0.8, 0.65, 0.75, 400L);
  }

  static List<Rule> rules(RuleRows.Figure f) {
    return Observations.of(f).stream().map(Observation::rule).toList();
  }

  @Test
  void anAucRowFeedsBothAucRulesWithItsBaselineIntervalAndLabels() {
    List<Observation> o = Observations.of(row("performance_metrics", "v1", "auc", null));
    assertEquals(
        List.of(Rule.AUC_DROP_ABS, Rule.AUC_DROP_REL), o.stream().map(Observation::rule).toList());
    Observation abs = o.get(0);
    assertEquals("", abs.subject());
    assertEquals(0.7, abs.value());
    assertEquals(0.8, abs.baseline());
    assertEquals(0.65, abs.ciLow());
    assertEquals(0.75, abs.ciHigh());
    assertEquals(400L, abs.n());
    assertEquals(
        "performance_metrics[run_id=r1, model_version=v1, window_start=2026-03-02, metric=auc]",
        abs.evidence());
    assertEquals(
        List.of(Rule.RMSE_RISE_ABS, Rule.RMSE_RISE_REL),
        rules(row("performance_metrics", "v1", "rmse", null)));
  }

  @Test
  void theScoresPsiIsOutputDriftAndNoFeatureRule() {
    List<Observation> score = Observations.of(row("feature_drift", "v1", "psi", "__score__"));
    assertEquals(List.of(Rule.SCORE_PSI), score.stream().map(Observation::rule).toList());
    assertEquals("", score.get(0).subject());
    assertEquals(List.of(), rules(row("feature_drift", "v1", "missing_rate", "__score__")));
    List<Observation> x = Observations.of(row("feature_drift", "v1", "psi", "income"));
    assertEquals(List.of(Rule.FEATURE_PSI), x.stream().map(Observation::rule).toList());
    assertEquals("income", x.get(0).subject());
    assertEquals(
        "feature_drift[run_id=r1, model_version=v1, window_start=2026-03-02, feature=income]",
        x.get(0).evidence());
    assertEquals(
        List.of(Rule.OUT_OF_RANGE_RATE),
        rules(row("feature_drift", "v1", "out_of_range_rate", "income")));
  }

  @Test
  void modelLevelRulesReadOnlyTheRowsWithoutAVersion() {
    assertEquals(
        List.of(Rule.FRESHNESS_HOURS),
        rules(row("operational_metrics", null, "freshness_hours", null)));
    assertEquals(List.of(), rules(row("operational_metrics", "v1", "freshness_hours", null)));
    assertEquals(
        List.of(Rule.COMPLETENESS), rules(row("operational_metrics", null, "completeness", null)));
    assertEquals(
        List.of(Rule.ERROR_RATE), rules(row("operational_metrics", "v1", "error_rate", null)));
    assertEquals(List.of(), rules(row("operational_metrics", null, "error_rate", null)));
    assertEquals(
        "operational_metrics[run_id=r1, window_start=2026-03-02, metric=completeness]",
        Observations.of(row("operational_metrics", null, "completeness", null)).get(0).evidence());
  }

  @Test
  void fairnessRowsAreJudgedPerAttribute() {
    List<Observation> o =
        Observations.of(row("fairness_metrics", "v1", "demographic_parity_ratio", "gender"));
    assertEquals(List.of(Rule.PARITY_RATIO), o.stream().map(Observation::rule).toList());
    assertEquals("gender", o.get(0).subject());
    assertEquals(
        "fairness_metrics[run_id=r1, model_version=v1, window_start=2026-03-02,"
            + " attribute=gender, metric=demographic_parity_ratio]",
        o.get(0).evidence());
    assertEquals(List.of(), rules(row("fairness_metrics", "v1", "accuracy_disparity", "gender")));
  }
}
