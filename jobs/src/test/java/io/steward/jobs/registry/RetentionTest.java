package io.steward.jobs.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.kernel.TableManager;
import io.steward.jobs.Cli;
import io.steward.jobs.TestData;
import io.steward.registry.tables.StewardTables;
import io.steward.registry.tables.TableDef;
import io.steward.registry.testing.TestSpark;
import io.steward.registry.warehouse.SmallTables;
import io.steward.registry.warehouse.Warehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tables keep the audit horizon of history (a policy value, at least six months), and a pinned
 * source version about to be vacuumed, or vacuumed already, is named by verify-trail; a baseline
 * outlives the VACUUM of its snapshot, since it holds its own figures.
 */
class RetentionTest {
  @TempDir Path dir;

  private static Map<String, String> properties(String path) {
    return TableManager.loadSnapshot(path)
        .build(SmallTables.engine(TestSpark.get()))
        .getTableProperties();
  }

  private static void allKeep(RegistryFixture f, int days) {
    Warehouse w = new Warehouse(f.wh);
    for (TableDef t : StewardTables.ALL) {
      Map<String, String> p = properties(w.location(t));
      assertEquals("interval " + days + " days", p.get("delta.logRetentionDuration"), t.name());
      assertEquals(
          "interval " + days + " days", p.get("delta.deletedFileRetentionDuration"), t.name());
    }
  }

  @Test
  void everyTableKeepsTheAuditHorizonWhichThePolicySets() throws Exception {
    RegistryFixture f = RegistryFixture.withCast(dir);
    allKeep(f, 365);
    Path longer = Files.writeString(dir.resolve("longer.yaml"), "audit_horizon_days: 400\n");
    Cli.Run set = f.ok("admin", "policy", "set", "--file", longer.toString());
    assertTrue(
        set.err()
            .contains(
                "retention: "
                    + StewardTables.ALL.size()
                    + " table(s) now keep 400 days of history (log and removed files), the"
                    + " policy's audit_horizon_days"),
        set.toString());
    allKeep(f, 400);
    Cli.Run again = f.ok("admin", "init");
    assertTrue(!again.err().contains("retention:"), "nothing to change: " + again);

    Path shorter = Files.writeString(dir.resolve("shorter.yaml"), "audit_horizon_days: 30\n");
    Cli.Run refused = Cli.runAs("admin", f.wh, "policy", "set", "--file", shorter.toString());
    assertEquals(2, refused.code(), refused.toString());
    assertTrue(
        refused
            .lastErr()
            .equals(
                "steward: error: gate policy shorter.yaml: audit_horizon_days must be a whole"
                    + " number >= 183 (the EU AI Act, Art. 19, asks at least six months of logs);"
                    + " fix the file"),
        refused.toString());
    allKeep(f, 400);
  }

  @Test
  void aVacuumedSnapshotIsNamedAndItsBaselineStillServes() throws Exception {
    RegistryFixture f = RegistryFixture.withCast(dir);
    f.register("pinned", "Pinned", "LOW");
    f.addVersion("pinned", "v1");
    f.monitor("pinned");
    Cli.Run soon = f.ok("val", "model", "verify-trail");
    assertTrue(
        soon.err()
            .contains(
                "steward: warning: lineage of pinned v1, baseline of pinned is pinned to delta.`"
                    + f.training
                    + "` version 0, which may be vacuumed or its log cleaned up from "),
        soon.toString());

    // Someone rewrites the snapshot and vacuums it with no retention.
    List<Row> rows = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      rows.add(RowFactory.create((double) i, "a", i / 10.0));
    }
    TestData.writeDelta(f.training, rows, TestData.SNAPSHOT, "overwrite");
    String check = "spark.databricks.delta.retentionDurationCheck.enabled";
    TestSpark.get().conf().set(check, "false");
    try {
      TestSpark.get().sql("VACUUM delta.`" + f.training + "` RETAIN 0 HOURS");
    } finally {
      TestSpark.get().conf().unset(check);
    }
    Cli.Run gone = f.ok("val", "model", "verify-trail");
    assertTrue(
        gone.err().contains("version 0, which can no longer be read back: its data file "),
        gone.toString());
    assertTrue(gone.err().contains(" is gone (vacuumed)"), gone.toString());
    // The baseline keeps its own figures: the night is judged against it as before.
    f.ok("olivia", "nightly", "--date", "2026-03-02");
  }
}
