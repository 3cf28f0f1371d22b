package io.steward.jobs.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.jobs.Cli;
import io.steward.jobs.TestData;
import io.steward.registry.testing.TestSpark;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit trail: registry tables refuse writes from SQL and Delta, and an event edited behind
 * steward's back is caught by verify-trail and by the inventory audit, which then adds nothing.
 */
class TrailTest {
  @TempDir Path dir;

  @Test
  void registryTablesRefuseSqlWrites() {
    RegistryFixture f = RegistryFixture.withCast(dir);
    long before = f.events();
    for (String q :
        List.of(
            "DELETE FROM steward.lifecycle_events",
            "UPDATE steward.models SET stage = 'PRODUCTION'",
            "ALTER TABLE steward.lifecycle_events SET TBLPROPERTIES (delta.appendOnly = false)",
            "INSERT INTO delta.`"
                + f.wh
                + "/steward/lifecycle_events` SELECT * FROM steward.lifecycle_events",
            "WITH x AS (SELECT * FROM steward.models) INSERT INTO steward.models SELECT * FROM x")) {
      Cli.Run r = Cli.runAs("admin", f.wh, "sql", q);
      assertEquals(2, r.code(), q + "\n" + r);
      assertTrue(
          r.lastErr()
              .startsWith("steward: error: steward sql does not change registry table steward."),
          r.lastErr());
    }
    assertEquals(before, f.events());
    assertEquals(
        0, Cli.runAs("admin", f.wh, "sql", "SELECT count(*) FROM steward.lifecycle_events").code());
    // Delta itself refuses a DELETE even from plain Spark: the table is append-only.
    RuntimeException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            RuntimeException.class,
            () ->
                TestSpark.get()
                    .sql(
                        "DELETE FROM delta.`" + f.wh + "/steward/lifecycle_events` WHERE seq = 1"));
    assertTrue(
        String.valueOf(e.getMessage()).contains("DELTA_CANNOT_MODIFY_APPEND_ONLY"), e.getMessage());
  }

  @Test
  void resultsAndRunRecordsRefuseSqlWritesToo() {
    RegistryFixture f = RegistryFixture.withCast(dir);
    long before = f.events();
    for (String[] q :
        List.of(
            new String[] {
              "DELETE FROM steward.fairness_metrics WHERE model_id = 'x'", "fairness_metrics"
            },
            new String[] {"UPDATE steward.feature_drift SET psi = 0", "feature_drift"},
            new String[] {"DELETE FROM steward.performance_metrics", "performance_metrics"},
            new String[] {"TRUNCATE TABLE steward.operational_metrics", "operational_metrics"},
            new String[] {"DROP TABLE steward.shadow_comparisons", "shadow_comparisons"},
            new String[] {
              "DELETE FROM delta.`" + f.wh + "/steward/job_runs` WHERE status = 'FAILED'",
              "job_runs"
            })) {
      Cli.Run r = Cli.runAs("admin", f.wh, "sql", q[0]);
      assertEquals(2, r.code(), q[0] + "\n" + r);
      assertEquals(1, r.err().lines().count(), r.toString());
      assertTrue(
          r.lastErr()
              .startsWith(
                  "steward: error: steward sql does not change steward."
                      + q[1]
                      + "; it changes only by a run ("),
          r.lastErr());
    }
    // Alerts and triggers are registry tables: their refusal names the commands that change them.
    Cli.Run alerts = Cli.runAs("admin", f.wh, "sql", "DELETE FROM steward.alerts");
    assertEquals(2, alerts.code(), alerts.toString());
    assertEquals(
        "steward: error: steward sql does not change registry table steward.alerts; it changes"
            + " only through steward's commands (steward nightly, steward alert ack, resolve and"
            + " action), so that every change is an audited event",
        alerts.lastErr());
    assertEquals(before, f.events());
    // Reading them is what steward sql is for.
    assertEquals(
        0, Cli.runAs("admin", f.wh, "sql", "SELECT count(*) FROM steward.fairness_metrics").code());
  }

  @Test
  void trailEditedBehindStewardsBackIsCaught() {
    RegistryFixture f = RegistryFixture.withCast(dir);
    f.register("card_limit", "Card limit", "HIGH");
    f.override("card_limit", null, "DEVELOPMENT");
    Cli.Run intact = f.ok("val", "model", "verify-trail");
    assertTrue(intact.out().startsWith("trail intact: "), intact.out());
    String path = f.wh + "/steward/lifecycle_events";
    long seq =
        TestSpark.get()
            .sql("SELECT seq FROM delta.`" + path + "` WHERE event_type = 'OVERRIDDEN'")
            .first()
            .getLong(0);
    TestSpark.get()
        .sql("ALTER TABLE delta.`" + path + "` SET TBLPROPERTIES (delta.appendOnly = false)");
    TestSpark.get().sql("UPDATE delta.`" + path + "` SET actor = 'olivia' WHERE seq = " + seq);
    Cli.Run broken = Cli.runAs("val", f.wh, "model", "verify-trail");
    assertEquals(1, broken.code(), broken.toString());
    assertTrue(
        broken.lastErr().startsWith("steward: trail broken: event #" + seq + " ("),
        broken.lastErr());
    assertTrue(
        broken
            .lastErr()
            .endsWith(
                "OVERRIDDEN by olivia) was altered out of band: its hash does not match its fields"),
        broken.lastErr());
    assertTrue(TestData.ts("2026-01-01T00:00:00Z") != null);

    // The inventory audit checks the chain first, and adds nothing to a broken trail.
    long events = f.events();
    Cli.Run audit = Cli.runAs("val", f.wh, "audit", "--as-of", "2026-03-07");
    assertEquals(1, audit.code(), audit.toString());
    assertEquals(broken.lastErr(), audit.lastErr());
    assertEquals(events, f.events(), "no event appended");
    List<org.apache.spark.sql.Row> runs =
        TestSpark.get()
            .sql(
                "SELECT status, error FROM delta.`"
                    + f.wh
                    + "/steward/job_runs` WHERE command = 'audit'")
            .collectAsList();
    assertEquals(1, runs.size(), runs.toString());
    assertEquals("FAILED", runs.get(0).getString(0), runs.toString());
    assertTrue(runs.get(0).getString(1).contains("event #" + seq), runs.toString());
  }
}
