package io.steward.common.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.common.domain.ProblemType;
import io.steward.common.errors.StewardException;
import io.steward.common.metrics.shadow.ShadowThresholds;
import io.steward.common.testing.Specs;
import java.util.List;
import org.junit.jupiter.api.Test;

class MonitorSpecParserTest {
  static final String VALID = Specs.VALID;

  private static StewardException fails(String yaml) {
    return assertThrows(StewardException.class, () -> MonitorSpecParser.parse("s.yaml", yaml));
  }

  @Test
  void parsesEveryKey() {
    MonitorSpec s = MonitorSpecParser.parse("s.yaml", VALID);
    assertEquals("credit_limit", s.modelId().value());
    assertEquals(ProblemType.BINARY_CLASSIFICATION, s.problemType());
    assertEquals("/data/log", s.predictions().table().path());
    assertEquals("delta.`/data/log`", s.predictions().table().sql());
    assertEquals("bank.outcomes", s.labels().orElseThrow().table().name());
    assertEquals(List.of("income", "utilization"), s.features().numeric());
    assertEquals(List.of("region"), s.features().categorical());
    assertEquals(List.of("gender"), s.slices().protectedAttributes());
    assertEquals(12L, s.baseline().version());
    assertNull(s.baseline().label());
    assertEquals(0.4, s.decisionThreshold());
    assertEquals("1", s.favorablePrediction());
    assertEquals(50, s.minGroupSize());
    assertNull(s.predictions().latencyMs());
  }

  @Test
  void malformedYamlIsOneLineNamingTheFile() {
    StewardException e = fails("model_id: [unclosed\n  nope: : :");
    assertTrue(e.getMessage().startsWith("monitor spec s.yaml is not valid YAML"), e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
  }

  @Test
  void missingKeySaysWhatToAdd() {
    StewardException e = fails(VALID.replace("  timestamp: event_ts\n", ""));
    assertEquals(
        "monitor spec s.yaml has no 'predictions.timestamp'; add it (the event time column)",
        e.getMessage());
  }

  @Test
  void unknownKeyIsATypoNotASilentSetting() {
    StewardException e = fails(VALID.replace("decision_threshold", "decison_threshold"));
    assertTrue(
        e.getMessage().startsWith("monitor spec s.yaml has an unknown key 'decison_threshold'"),
        e.getMessage());
  }

  @Test
  void badModelIdNamesThePattern() {
    StewardException e = fails(VALID.replace("model_id: credit_limit", "model_id: Credit-Limit"));
    assertEquals(
        "monitor spec s.yaml: 'model_id' is 'Credit-Limit' but must be [a-z0-9_]{1,64}",
        e.getMessage());
  }

  @Test
  void badTableNotation() {
    StewardException e = fails(VALID.replace("delta.`/data/log`", "not a table!"));
    assertTrue(e.getMessage().contains("'predictions.table' is 'not a table!'"), e.getMessage());
  }

  @Test
  void featureListedTwice() {
    StewardException e = fails(VALID.replace("[income, utilization]", "[income, Income]"));
    assertTrue(e.getMessage().contains("declared once"), e.getMessage());
  }

  @Test
  void thresholdOutOfRange() {
    StewardException e = fails(VALID.replace("0.4", "1.5"));
    assertEquals(
        "monitor spec s.yaml: 'decision_threshold' is '1.5' but must be a number in [0, 1]",
        e.getMessage());
  }

  @Test
  void negativeVersion() {
    StewardException e = fails(VALID.replace("version: 12", "version: -1"));
    assertTrue(e.getMessage().contains("'baseline.version' is '-1'"), e.getMessage());
  }

  @Test
  void needsAScoreOrAPrediction() {
    StewardException e =
        fails(
            VALID
                .replace("  score: score\n  prediction: decision\n", "")
                .replace("  score: score\n", ""));
    assertTrue(e.getMessage().contains("'predictions.score'"), e.getMessage());
  }

  @Test
  void problemTypeMustBeKnown() {
    StewardException e = fails(VALID.replace("binary_classification", "ranking"));
    assertTrue(e.getMessage().contains("binary_classification or regression"), e.getMessage());
  }

  @Test
  void tableRefForms() {
    assertEquals("/a/b", TableRef.parse("delta.`/a/b`").path());
    assertEquals("s3a://bucket/x", TableRef.parse("s3a://bucket/x").path());
    assertEquals("bank.preds", TableRef.parse("bank.preds").name());
    assertNull(TableRef.parse("a b"));
  }

  static final String OUTCOMES =
      VALID
              .replace("  label: outcome\n", "  label: outcome\n  timestamp: labeled_at\n")
              .replace(
                  "  protected: [gender]\n",
                  "  protected: [gender, age_band]\n  intersections: [[gender, age_band]]\n"
                      + "  other: [region]\n")
          + "label_lookback_days: 14\ncapacity_per_minute: 500\nfreshness_sla_hours: 6\n"
          + "ok_status: [OK, CACHED]\n";

  @Test
  void parsesTheOutcomeKeys() {
    MonitorSpec s = MonitorSpecParser.parse("s.yaml", OUTCOMES);
    assertEquals("labeled_at", s.labels().orElseThrow().timestamp());
    assertEquals(List.of(List.of("gender", "age_band")), s.slices().intersections());
    assertEquals(List.of("region"), s.slices().other());
    assertEquals(14, s.labelLookbackDays());
    assertEquals(500.0, s.operations().capacityPerMinute());
    assertEquals(6.0, s.operations().freshnessSlaHours());
    assertEquals(List.of("OK", "CACHED"), s.operations().okStatus());
    assertTrue(s.hasLabels());
  }

  @Test
  void outcomeKeysHaveDefaults() {
    MonitorSpec s = MonitorSpecParser.parse("s.yaml", VALID);
    assertEquals(MonitorSpec.DEFAULT_LABEL_LOOKBACK_DAYS, s.labelLookbackDays());
    assertNull(s.operations().capacityPerMinute());
    assertNull(s.operations().freshnessSlaHours());
    assertEquals(List.of("OK"), s.operations().okStatus());
    assertEquals(List.of(), s.slices().intersections());
  }

  @Test
  void anIntersectionNamesProtectedColumnsOnly() {
    StewardException e = fails(OUTCOMES.replace("[[gender, age_band]]", "[[gender, region]]"));
    assertEquals(
        "monitor spec s.yaml: 'slices.intersections' is '\"region\"' but must be one of the"
            + " protected columns [gender, age_band]",
        e.getMessage());
    StewardException single = fails(OUTCOMES.replace("[[gender, age_band]]", "[[gender]]"));
    assertTrue(single.getMessage().contains("two or more protected columns"), single.getMessage());
  }

  @Test
  void badOutcomeValuesSayWhatIsExpected() {
    assertEquals(
        "monitor spec s.yaml: 'capacity_per_minute' is '0' but must be predictions per minute,"
            + " above 0",
        fails(OUTCOMES.replace("capacity_per_minute: 500", "capacity_per_minute: 0")).getMessage());
    assertEquals(
        "monitor spec s.yaml: 'label_lookback_days' is '400' but must be a whole number of days"
            + " from 0 to 366",
        fails(OUTCOMES.replace("label_lookback_days: 14", "label_lookback_days: 400"))
            .getMessage());
    assertTrue(
        fails(OUTCOMES.replace("ok_status: [OK, CACHED]", "ok_status: []"))
            .getMessage()
            .contains("'ok_status'"));
    assertEquals(
        "monitor spec s.yaml: 'favorable_prediction' is 'approved' but must be 1 or 0 for a"
            + " binary classifier",
        fails(OUTCOMES + "favorable_prediction: approved\n").getMessage());
  }

  @Test
  void aShadowBlockWithItsDefaults() {
    MonitorSpec s = MonitorSpecParser.parse("s.yaml", VALID + "shadow:\n  champion: v3\n");
    MonitorSpec.Shadow shadow = s.shadow().orElseThrow();
    assertEquals("v3", shadow.champion());
    assertNull(shadow.table(), "the challenger's rows are in the predictions table");
    assertEquals(ShadowThresholds.DEFAULTS, shadow.thresholds());
    assertEquals(MonitorSpec.DEFAULT_WATCH_NIGHTS, shadow.watchNights());
    assertTrue(MonitorSpecParser.parse("s.yaml", VALID).shadow().isEmpty());
  }

  @Test
  void aShadowBlockWithEveryKey() {
    MonitorSpec s =
        MonitorSpecParser.parse(
            "s.yaml",
            VALID
                + "shadow:\n  table: delta.`/data/shadow`\n  max_disagreement: 0.02\n"
                + "  max_score_psi: 0.2\n  max_mean_abs_diff: 0.03\n  min_pairs: 500\n"
                + "  parity_floor: 0.9\n  watch_nights: 7\n");
    MonitorSpec.Shadow shadow = s.shadow().orElseThrow();
    assertEquals("/data/shadow", shadow.table().path());
    assertNull(shadow.champion(), "the registry's PRODUCTION version");
    assertEquals(new ShadowThresholds(0.02, 0.2, 0.03, 500, 0.9), shadow.thresholds());
    assertEquals(7, shadow.watchNights());
  }

  @Test
  void badShadowValuesSayWhatIsExpected() {
    StewardException share = fails(VALID + "shadow:\n  max_disagreement: 5\n");
    assertTrue(share.getMessage().contains("'shadow.max_disagreement'"), share.getMessage());
    assertTrue(share.getMessage().contains("a number in [0, 1]"), share.getMessage());
    StewardException pairs = fails(VALID + "shadow:\n  min_pairs: 0\n");
    assertTrue(pairs.getMessage().contains("a whole number from 1"), pairs.getMessage());
    StewardException typo = fails(VALID + "shadow:\n  min_pair: 10\n");
    assertTrue(typo.getMessage().contains("unknown key 'shadow.min_pair'"), typo.getMessage());
    StewardException regression =
        fails(VALID.replace("binary_classification", "regression") + "shadow:\n  champion: v1\n");
    assertTrue(regression.getMessage().contains("binary classifier"), regression.getMessage());
  }
}
