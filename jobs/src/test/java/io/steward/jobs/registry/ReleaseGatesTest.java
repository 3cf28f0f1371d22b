package io.steward.jobs.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.jobs.Cli;
import io.steward.registry.testing.TestSpark;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release gates of a HIGH model, each test on its own model brought to the stage before by
 * committee overrides: into DEPLOYMENT (independent validation, monitoring), into PRODUCTION
 * (shadow evidence, or the committee's override), and a retrain that moves as a version while the
 * model stays in production.
 */
class ReleaseGatesTest {
  @TempDir static Path dir;
  static RegistryFixture f;

  @BeforeAll
  static void warehouse() {
    f = RegistryFixture.withCast(dir);
  }

  @Test
  void deploymentNeedsAnIndependentValidatorAndMonitoring() {
    f.register("card_deploy", "Card limit", "HIGH");
    f.addVersion("card_deploy", "v1");
    f.override("card_deploy", null, "DEVELOPMENT");
    f.override("card_deploy", "v1", "VALIDATION");
    f.refused(
        "dev",
        "refused: dev may not add a validation report; it needs the VALIDATOR role",
        "artifact",
        "add",
        "--model",
        "card_deploy",
        "--version",
        "v1",
        "--kind",
        "VALIDATION_REPORT",
        "--uri",
        "s3://v.pdf",
        "--outcome",
        "APPROVED");
    f.ok(
        "olivia",
        "artifact",
        "add",
        "--model",
        "card_deploy",
        "--version",
        "v1",
        "--kind",
        "VALIDATION_REPORT",
        "--uri",
        "s3://self-review.pdf",
        "--outcome",
        "APPROVED");
    f.refused(
        "olivia",
        "refused: move card_deploy from VALIDATION to DEPLOYMENT; missing: independent validation: a HIGH model's validator must be neither its owner (olivia) nor the version's developer (dev); a monitor spec (steward monitor register --spec FILE.yaml); a drift baseline (steward baseline --model card_deploy)",
        "model",
        "transition",
        "--id",
        "card_deploy",
        "--to",
        "DEPLOYMENT",
        "--reason",
        "validated");
    f.refused(
        "val",
        "option --note is 'null' but must be the remediation items of a CONDITIONAL approval",
        "artifact",
        "add",
        "--model",
        "card_deploy",
        "--version",
        "v1",
        "--kind",
        "VALIDATION_REPORT",
        "--uri",
        "s3://v.pdf",
        "--outcome",
        "CONDITIONAL");
    f.ok(
        "val",
        "artifact",
        "add",
        "--model",
        "card_deploy",
        "--version",
        "v1",
        "--kind",
        "VALIDATION_REPORT",
        "--uri",
        "s3://validation/card_deploy_v1.pdf",
        "--outcome",
        "CONDITIONAL",
        "--note",
        "recalibrate thin-file segment within 90 days");
    f.monitor("card_deploy");
    f.ok(
        "olivia",
        "model",
        "transition",
        "--id",
        "card_deploy",
        "--to",
        "DEPLOYMENT",
        "--reason",
        "validated with conditions");
    assertEquals("DEPLOYMENT", f.stage("card_deploy"));
  }

  @Test
  void productionBlocksOnShadowEvidenceUnlessTheCommitteeOverrides() {
    f.register("card_prod", "Card limit", "HIGH");
    f.addVersion("card_prod", "v1");
    f.override("card_prod", null, "DEVELOPMENT");
    f.override("card_prod", "v1", "VALIDATION");
    f.override("card_prod", null, "DEPLOYMENT");
    f.ok(
        "olivia",
        "artifact",
        "add",
        "--model",
        "card_prod",
        "--kind",
        "RUNBOOK",
        "--uri",
        "s3://runbooks/card_prod.md");
    f.ok("appr", "model", "approve", "--id", "card_prod", "--gate", "PRODUCTION");
    f.refused(
        "olivia",
        "refused: move card_prod from DEPLOYMENT to PRODUCTION; missing: 14 consecutive nights of"
            + " shadow mode with enough pairs and no material discrepancy (no comparison of v1 with a"
            + " champion recorded yet: log it in shadow and run the nightly); a passing alert"
            + " self-test (steward monitor selftest --model card_prod; none recorded yet)",
        "model",
        "transition",
        "--id",
        "card_prod",
        "--to",
        "PRODUCTION",
        "--reason",
        "go live");
    f.refused(
        "olivia",
        "refused: olivia may not override a gate; it needs the COMMITTEE or PLATFORM_ADMIN role",
        "model",
        "transition",
        "--id",
        "card_prod",
        "--to",
        "PRODUCTION",
        "--reason",
        "go live",
        "--override");
    Cli.Run r =
        f.ok(
            "comm",
            "model",
            "transition",
            "--id",
            "card_prod",
            "--to",
            "PRODUCTION",
            "--reason",
            "regulatory deadline; shadow run accepted offline",
            "--override");
    assertTrue(
        r.out().contains("(OVERRIDE; missing: 14 consecutive nights of shadow mode"), r.out());
    Row m =
        TestSpark.get()
            .sql("SELECT stage, champion_version FROM steward.models WHERE model_id = 'card_prod'")
            .first();
    assertEquals(List.of("PRODUCTION", "v1"), List.of(m.getString(0), m.getString(1)));
    Row e =
        TestSpark.get()
            .sql(
                "SELECT actor, evidence FROM steward.lifecycle_events WHERE event_type = 'OVERRIDDEN'"
                    + " AND model_id = 'card_prod' AND to_stage = 'PRODUCTION'")
            .first();
    assertEquals("comm", e.getString(0));
    assertTrue(e.getString(1).startsWith("gate overridden; missing: "), e.getString(1));
  }

  @Test
  void aMoveMadeEarlierInServingIsRecordedWithTheDayItTookEffect() {
    f.register("card_late", "Card limit", "HIGH");
    f.addVersion("card_late", "v1");
    f.override("card_late", null, "DEVELOPMENT");
    f.override("card_late", "v1", "VALIDATION");
    f.override("card_late", null, "DEPLOYMENT");
    String tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();
    for (String[] bad :
        new String[][] {
          {tomorrow, "option --effective-on is '" + tomorrow + "'"},
          {"last tuesday", "option --effective-on is 'last tuesday'"}
        }) {
      long before = f.events();
      Cli.Run r =
          Cli.runAs(
              "comm",
              f.wh,
              "model",
              "transition",
              "--id",
              "card_late",
              "--to",
              "PRODUCTION",
              "--reason",
              "went live last month",
              "--override",
              "--effective-on",
              bad[0]);
      assertEquals(2, r.code(), r.toString());
      assertEquals(1, r.err().lines().count(), r.toString());
      assertEquals(
          "steward: error: "
              + bad[1]
              + " but must be a day no later than today (UTC), in YYYY-MM-DD",
          r.lastErr());
      assertEquals(before, f.events(), "a bad --effective-on changes no table");
      assertEquals("DEPLOYMENT", f.stage("card_late"));
    }
    f.ok(
        "comm",
        "model",
        "transition",
        "--id",
        "card_late",
        "--to",
        "PRODUCTION",
        "--reason",
        "went live last month",
        "--override",
        "--effective-on",
        "2026-09-15");
    assertEquals("PRODUCTION", f.stage("card_late"));
    Row e =
        TestSpark.get()
            .sql(
                "SELECT evidence FROM steward.lifecycle_events WHERE event_type = 'OVERRIDDEN'"
                    + " AND model_id = 'card_late' AND to_stage = 'PRODUCTION'")
            .first();
    assertTrue(e.getString(0).endsWith("; effective on 2026-09-15"), e.getString(0));
  }

  @Test
  void aRetrainMovesAsAVersionWhileTheModelStaysInProduction() {
    f.register("card_retrain", "Card limit", "HIGH");
    f.addVersion("card_retrain", "v1");
    f.override("card_retrain", null, "DEVELOPMENT");
    f.override("card_retrain", "v1", "VALIDATION");
    f.override("card_retrain", null, "DEPLOYMENT");
    f.override("card_retrain", null, "PRODUCTION");
    f.ok(
        "dev",
        "model",
        "version",
        "add",
        "--id",
        "card_retrain",
        "--version",
        "v2",
        "--training-table",
        "delta.`" + f.training + "`",
        "--param",
        "max_depth=8",
        "--metric",
        "auc=0.83");
    f.ok(
        "dev",
        "artifact",
        "add",
        "--model",
        "card_retrain",
        "--version",
        "v2",
        "--kind",
        "BIAS_TEST",
        "--uri",
        "s3://docs/bias_v2.html",
        "--outcome",
        "PASS");
    Cli.Run r =
        f.ok(
            "dev",
            "model",
            "transition",
            "--id",
            "card_retrain",
            "--version",
            "v2",
            "--to",
            "VALIDATION",
            "--reason",
            "quarterly retrain");
    assertEquals("moved card_retrain version v2 from DEVELOPMENT to VALIDATION", r.out().strip());
    assertEquals("PRODUCTION", f.stage("card_retrain"));
    f.refused(
        "olivia",
        "refused: move card_retrain version v2 from VALIDATION to DEPLOYMENT; missing: a VALIDATION_REPORT for version v2 with outcome APPROVED or CONDITIONAL; a monitor spec (steward monitor register --spec FILE.yaml); a drift baseline (steward baseline --model card_retrain)",
        "model",
        "transition",
        "--id",
        "card_retrain",
        "--version",
        "v2",
        "--to",
        "DEPLOYMENT",
        "--reason",
        "retrain validated");
    f.override("card_retrain", "v2", "DEPLOYMENT");
    f.override("card_retrain", "v2", "PRODUCTION");
    Row m =
        TestSpark.get()
            .sql(
                "SELECT stage, champion_version FROM steward.models WHERE model_id = 'card_retrain'")
            .first();
    assertEquals(List.of("PRODUCTION", "v2"), List.of(m.getString(0), m.getString(1)));
    List<Row> versions =
        TestSpark.get()
            .sql(
                "SELECT version, stage FROM steward.model_versions WHERE model_id = 'card_retrain' ORDER BY version")
            .collectAsList();
    assertEquals(
        "v1=RETIRED, v2=PRODUCTION",
        versions.get(0).getString(0)
            + "="
            + versions.get(0).getString(1)
            + ", "
            + versions.get(1).getString(0)
            + "="
            + versions.get(1).getString(1));
  }
}
