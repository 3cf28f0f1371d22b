package io.steward.jobs.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.steward.jobs.Cli;
import io.steward.registry.testing.TestSpark;
import io.steward.registry.warehouse.CatalogNames;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo, run small (120 predictions per model and night), shows every kind of decision from its
 * own data and commands: the closing audit finds a zombie of each reason the demo sets up (an
 * inactive owner, a RETIRED model still serving, lineage to a dropped table, a validation dated
 * more than 12 months back, models deciding before production), an unregistered model and an
 * unregistered version (marketing_response v3), and the nightly's alerts include fraud_detection's
 * holiday drift, which opened and resolved, beside drift that is still open; the nightly raises a
 * ROLLBACK of credit_limit v2 (promoted on 2026-10-09, recorded later with --effective-on, and
 * worse than v1) and a RETIRE of marketing_response v1, superseded by v2 since 2026-09-19.
 */
class DemoEndToEndTest {
  @TempDir static Path dir;
  static String warehouse;
  static Cli.Run demo;

  /** The triggers the demo left, as {@code trigger list --format csv} prints them. */
  static String triggers;

  @BeforeAll
  static void runDemo() {
    warehouse = dir.resolve("wh").toString();
    demo = Cli.run(warehouse, "demo", "--rows-per-day", "120", "--snapshot-rows", "2000");
    triggers = Cli.run(warehouse, "trigger", "list", "--format", "csv").out();
  }

  @Test
  void theDemoEndsWithTheAuditAndExitsThreeForWhatItRaised() {
    assertEquals(3, demo.code(), demo.toString());
    List<String> lines = demo.out().lines().toList();
    assertTrue(
        lines.get(lines.size() - 1).startsWith("audit 2026-10-30: raised "),
        lines.get(lines.size() - 1));
    assertTrue(demo.out().contains("Portfolio summary"), demo.out());
  }

  @Test
  void theViewsAnswerForThePortfolioWhatTheTablesSay() {
    Map<String, Map<String, String>> status = byModel("model_status");
    assertEquals(
        Set.of(
            "credit_limit",
            "fraud_detection",
            "marketing_response",
            "churn_propensity",
            "collections_priority",
            "mortgage_pd",
            "upsell_propensity"),
        status.keySet());
    Map<String, String> credit = status.get("credit_limit");
    assertEquals("PRODUCTION", credit.get("stage"));
    assertEquals("v2", credit.get("champion_version"));
    Row worst =
        one(
            "SELECT to_date(window_start), max(psi) FROM steward.feature_drift WHERE model_id ="
                + " 'credit_limit' AND model_version = 'v2' AND granularity = 'DAY' GROUP BY 1"
                + " ORDER BY 1 DESC LIMIT 1");
    assertEquals(worst.get(0).toString(), credit.get("drift_night"));
    assertEquals(worst.getDouble(1), Double.parseDouble(credit.get("worst_psi")), 1e-12);
    assertEquals("auc", credit.get("performance_metric"));
    assertEquals(
        one("SELECT count(*) FROM steward.alerts WHERE model_id = 'credit_limit' AND status"
                + " <> 'RESOLVED'")
            .getLong(0),
        Long.parseLong(credit.get("open_alerts")));
    assertEquals(
        one("SELECT count(*) FROM steward.triggers WHERE model_id = 'credit_limit' AND status ="
                + " 'OPEN'")
            .getLong(0),
        Long.parseLong(credit.get("open_triggers")));
    assertEquals("UNREGISTERED", status.get("upsell_propensity").get("stage"));

    Map<String, Map<String, String>> inventory = byModel("inventory");
    assertEquals(status.keySet(), inventory.keySet());
    assertEquals("MONITORED", inventory.get("credit_limit").get("coverage"));
    assertEquals("RETIRED STILL MONITORED", inventory.get("collections_priority").get("coverage"));
    assertEquals("UNREGISTERED", inventory.get("upsell_propensity").get("coverage"));

    assertEquals(
        one("SELECT (SELECT count(*) FROM steward.alerts WHERE status <> 'RESOLVED')"
                + " + (SELECT count(*) FROM steward.triggers WHERE status = 'OPEN')")
            .getLong(0),
        count("open_items"));
    for (String[] history :
        List.of(
            new String[] {"drift_history", "feature_drift"},
            new String[] {"performance_history", "performance_metrics"},
            new String[] {"fairness_history", "fairness_metrics"},
            new String[] {"operations_history", "operational_metrics"})) {
      long rows = one("SELECT count(*) FROM steward." + history[1]).getLong(0);
      assertTrue(rows > 0, history[1]);
      assertEquals(rows, count(history[0]), history[0]);
    }
  }

  /** A view's rows through {@code steward sql --format json}, by model id (nulls left out). */
  private static Map<String, Map<String, String>> byModel(String view) {
    Cli.Run r = Cli.run(warehouse, "sql", "SELECT * FROM steward." + view, "--format", "json");
    assertEquals(0, r.code(), r.toString());
    Map<String, Map<String, String>> rows = new TreeMap<>();
    for (String line : r.out().lines().toList()) {
      Map<String, String> row = new HashMap<>();
      try {
        new ObjectMapper()
            .readTree(line)
            .properties()
            .forEach(e -> row.put(e.getKey(), e.getValue().asText()));
      } catch (JsonProcessingException e) {
        throw new AssertionError("not JSON: " + line, e);
      }
      assertEquals(null, rows.put(row.get("model_id"), row), "one row per model in " + view);
    }
    return rows;
  }

  /** A view's rows, counted in this JVM's session (the CLI's path is byModel's). */
  private static long count(String view) {
    CatalogNames.registerViews(TestSpark.get());
    return one("SELECT count(*) FROM steward." + view).getLong(0);
  }

  private static Row one(String query) {
    return TestSpark.get().sql(query).first();
  }

  @Test
  void theAuditFindsAZombieOfEachReasonAndTheUnregisteredTraffic() {
    for (String expected :
        List.of(
            "mortgage_pd,v1,ZOMBIE,INACTIVE_OWNER",
            "collections_priority,v1,ZOMBIE,DECIDING_WHILE_RETIRED",
            "churn_propensity,v1,ZOMBIE,LINEAGE_MISSING",
            "credit_limit,v2,ZOMBIE,VALIDATION_STALE",
            "churn_propensity,v1,ZOMBIE,DECIDING_BEFORE_PRODUCTION",
            "upsell_propensity,v1,UNREGISTERED,UNKNOWN_MODEL",
            "marketing_response,v3,UNREGISTERED,UNKNOWN_VERSION")) {
      assertTrue(triggers.contains(expected), expected + " in\n" + triggers);
    }
    assertTrue(triggers.contains("validated " + DemoGovernance.STALE_VALIDATION_DAY), triggers);
  }

  @Test
  void theNightlyRollsBackTheWorseChampionAndRetiresTheSupersededVersion() {
    List<String> rollback =
        triggers
            .lines()
            .filter(l -> l.contains(",credit_limit,v2,ROLLBACK,WORSE_THAN_PREDECESSOR"))
            .toList();
    assertEquals(1, rollback.size(), triggers);
    assertTrue(rollback.get(0).contains("WORSE_THAN_PREDECESSOR,OPEN"), rollback.get(0));
    assertTrue(rollback.get(0).contains("champion v2 (promoted 2026-10-09)"), rollback.get(0));
    List<String> superseded =
        triggers.lines().filter(l -> l.contains(",marketing_response,v1,RETIRE,")).toList();
    assertEquals(1, superseded.size(), triggers);
    assertTrue(superseded.get(0).contains("SUPERSEDED,OPEN"), superseded.get(0));
    assertTrue(
        superseded
            .get(0)
            .contains(
                "superseded by champion v2 (promoted 2026-09-19); v1 is still DEPLOYMENT, idle"),
        superseded.get(0));
  }

  @Test
  void holidayDriftOpensAnAlertThatResolvesWhileLaterDriftStaysOpen() {
    String fraud =
        Cli.run(warehouse, "alert", "list", "--model", "fraud_detection", "--format", "csv").out();
    assertTrue(
        fraud
            .lines()
            .anyMatch(
                l ->
                    l.contains("distance_km")
                        && l.contains("RESOLVED")
                        && l.contains("2026-10-06")),
        fraud);
    assertTrue(
        fraud.lines().anyMatch(l -> l.contains("merchant_category") && l.contains("OPEN")), fraud);
  }

  @Test
  void fraudDetectionGoesLiveOnShadowEvidenceWhileV3IsHeldBack() {
    String out = demo.out();
    assertTrue(
        out.lines()
            .anyMatch(
                l -> l.contains("fraud_detection: alert self-test on") && l.endsWith(": PASS")),
        out);
    assertTrue(
        out.lines()
            .anyMatch(
                l ->
                    l.contains("fraud_detection v3: refused into PRODUCTION")
                        && l.contains("discrepant or too few pairs on 2026-10-")),
        out);
    assertTrue(
        out.contains(
            "fraud_detection v2: PRODUCTION from 2026-10-19 on its shadow evidence, no override"),
        out);
    Row overrides =
        TestSpark.get()
            .sql(
                "SELECT count_if(event_type = 'OVERRIDDEN'), count_if(event_type = 'TRANSITIONED')"
                    + " FROM delta.`"
                    + warehouse
                    + "/steward/lifecycle_events` WHERE model_id = 'fraud_detection'"
                    + " AND to_stage = 'PRODUCTION' AND version = 'v2'")
            .first();
    assertEquals(List.of(0L, 1L), List.of(overrides.getLong(0), overrides.getLong(1)));
    // After the switch, v1 scores in shadow beside v2, and is watched.
    Row watch =
        TestSpark.get()
            .sql(
                "SELECT count(*), min(date(window_start)) FROM delta.`"
                    + warehouse
                    + "/steward/shadow_comparisons` WHERE model_id = 'fraud_detection'"
                    + " AND champion_version = 'v2' AND challenger_version = 'v1' AND watching")
            .first();
    assertEquals(12L, watch.getLong(0), "nights 2026-10-19 to 2026-10-30");
    assertEquals("2026-10-19", watch.get(1).toString());
  }

  @Test
  void creditLimitsOldChampionIsWatchedInShadowAfterV2WasPushedLive() {
    Row r =
        TestSpark.get()
            .sql(
                "SELECT count(*), count_if(verdict = 'ROLLBACK'), min(date(window_start)),"
                    + " max(date(window_start)) FROM delta.`"
                    + warehouse
                    + "/steward/shadow_comparisons` WHERE model_id = 'credit_limit'"
                    + " AND champion_version = 'v2' AND challenger_version = 'v1' AND watching")
            .first();
    // Watched for 14 nights from 2026-10-09, the day v2 took effect.
    assertEquals(14L, r.getLong(0), r.toString());
    assertEquals("2026-10-09", r.get(2).toString());
    assertEquals("2026-10-22", r.get(3).toString());
    assertTrue(r.getLong(1) > 0, "some watched night recommends rolling back: " + r);
  }
}
