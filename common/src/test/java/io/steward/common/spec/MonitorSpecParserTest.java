package io.steward.common.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.common.domain.ProblemType;
import io.steward.common.errors.StewardException;
import java.util.List;
import org.junit.jupiter.api.Test;

class MonitorSpecParserTest {
  static final String VALID =
      """
      model_id: credit_limit
      problem_type: binary_classification
      predictions:
        table: delta.`/data/log`
        timestamp: event_ts
        model_id: model_id
        model_version: model_version
        prediction_id: prediction_id
        score: score
        prediction: decision
      labels:
        table: bank.outcomes
        prediction_id: prediction_id
        label: outcome
      features:
        numeric: [income, utilization]
        categorical: [region]
      slices:
        protected: [gender]
      baseline:
        table: delta.`/data/train`
        version: 12
        score: score
      decision_threshold: 0.4
      min_group_size: 50
      """;

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
}
