package io.steward.jobs;

import static io.steward.jobs.TestData.ts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.common.testing.Specs;
import io.steward.registry.testing.TestSpark;
import io.steward.registry.warehouse.Warehouse;
import io.steward.registry.warehouse.WarehouseLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path through the command line on a small warehouse whose drift figures are worked out
 * by hand: spec validation, register, baseline, nightly, rerun, backfill, empty night, SQL, and the
 * lock (init is PrincipalsTest's subject; this class starts from {@link
 * TestData#initialisedWarehouse}). Steps build on each other, so they run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NightlyEndToEndTest {
  @TempDir static Path dir;
  static String wh;
  static String log;
  static String snapshot;
  static Path specFile;

  @BeforeAll
  static void warehouse() throws IOException {
    wh = TestData.initialisedWarehouse(dir.resolve("wh"));
    log = dir.resolve("log").toString();
    snapshot = dir.resolve("snapshot").toString();
    // Snapshot version 0: x = 1..100 (deciles 10, 20, ..., 90), region a:50 b:30 c:20,
    // score = x / 100.
    List<Row> snap = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      String region = i <= 50 ? "a" : i <= 80 ? "b" : "c";
      snap.add(RowFactory.create((double) i, region, i / 100.0));
    }
    TestData.writeDelta(snapshot, snap, TestData.SNAPSHOT, "overwrite");
    // Version 1 appends rows the pinned baseline must not see.
    TestData.writeDelta(
        snapshot, List.of(RowFactory.create(1000.0, "z", 0.9)), TestData.SNAPSHOT, "append");

    // 2026-03-02: m1 v1 has 20 rows, x all in (-inf, 10], region 10 x a and 10 x d (unseen);
    // m1 v2 has 4 rows; m2 (same table) has 5 rows. 2026-03-01 and 03-03 have one m1 row each.
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      rows.add(
          TestData.logRow(
              "2026-03-02T0" + (i % 10) + ":00:00Z",
              "m1",
              "v1",
              "p" + i,
              0.05,
              5.0,
              i < 10 ? "a" : "d"));
    }
    for (int i = 0; i < 4; i++) {
      rows.add(TestData.logRow("2026-03-02T12:00:00Z", "m1", "v2", "q" + i, 0.5, 50.0 + i, "b"));
    }
    for (int i = 0; i < 5; i++) {
      rows.add(TestData.logRow("2026-03-02T13:00:00Z", "m2", "v1", "r" + i, 0.2, 20.0, "c"));
    }
    rows.add(TestData.logRow("2026-03-01T23:59:59Z", "m1", "v1", "s1", 0.3, 30.0, "a"));
    rows.add(TestData.logRow("2026-03-03T00:00:00Z", "m1", "v1", "s2", 0.3, 30.0, "a"));
    TestData.writeDelta(log, rows, TestData.LOG, "overwrite");
    specFile = dir.resolve("m1.yaml");
    Files.writeString(specFile, m1().yaml());
    Files.writeString(dir.resolve("m2.yaml"), TestData.spec("m2", log, snapshot).yaml());
  }

  /** The spec of m1, as registered. */
  static Specs.Builder m1() {
    return TestData.spec("m1", log, snapshot).baselineVersion(0);
  }

  static long version(String table) {
    return TestSpark.get()
        .sql("DESCRIBE HISTORY delta.`" + wh + "/steward/" + table + "` LIMIT 1")
        .first()
        .getLong(0);
  }

  static Map<String, Row> drift(String model, String modelVersion, String night) {
    Map<String, Row> out = new HashMap<>();
    for (Row r :
        TestSpark.get()
            .sql(
                "SELECT * FROM delta.`"
                    + wh
                    + "/steward/feature_drift` WHERE model_id = '"
                    + model
                    + "' AND model_version = '"
                    + modelVersion
                    + "' AND window_start = TIMESTAMP '"
                    + night
                    + " 00:00:00'")
            .collectAsList()) {
      out.put(r.getAs("feature"), r);
    }
    return out;
  }

  @Test
  @Order(2)
  void badSpecsAreRejectedWithOneLineAndChangeNothing() throws IOException {
    long before = version("monitors");
    Map<String, String> cases = new HashMap<>();
    cases.put("model_id: [oops", "steward: error: monitor spec bad.yaml is not valid YAML");
    cases.put(
        m1().withoutColumn("timestamp").yaml(),
        "steward: error: monitor spec bad.yaml has no 'predictions.timestamp'");
    cases.put(
        m1().numeric("x", "nope").yaml(),
        "steward: error: column 'nope' (spec key 'features.numeric') does not exist in delta.`"
            + log
            + "`");
    cases.put(
        m1().numeric("region").categorical().yaml(),
        "steward: error: column 'region' of delta.`"
            + log
            + "` (spec key 'features.numeric') has type string");
    cases.put(
        m1().predictions(Specs.delta(dir.resolve("missing"))).yaml(),
        "steward: error: table delta.`" + dir.resolve("missing") + "` cannot be read");
    cases.put(
        m1().baselineVersion(7).yaml(),
        "steward: error: table delta.`" + snapshot + "` has no Delta version 7 (latest is 1");
    Path bad = dir.resolve("bad.yaml");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      Files.writeString(bad, c.getKey());
      Cli.Run r = Cli.run(wh, "monitor", "register", "--spec", bad.toString());
      assertEquals(2, r.code(), r.toString());
      assertEquals(1, r.err().lines().count(), r.toString());
      assertTrue(r.err().startsWith(c.getValue()), "expected " + c.getValue() + "\n" + r);
    }
    Cli.Run missingFile =
        Cli.run(wh, "monitor", "register", "--spec", dir.resolve("nope.yaml").toString());
    assertEquals(2, missingFile.code());
    assertTrue(
        missingFile.err().startsWith("steward: error: cannot read " + dir.resolve("nope.yaml")),
        missingFile.err());
    assertEquals(before, version("monitors"));
  }

  @Test
  @Order(3)
  void registerAndReplace() {
    Cli.Run r = Cli.run(wh, "monitor", "register", "--spec", specFile.toString());
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().startsWith("registered monitor m1"), r.out());
    Cli.Run again = Cli.run(wh, "monitor", "register", "--spec", specFile.toString());
    assertEquals(0, again.code(), again.toString());
    assertTrue(again.out().startsWith("replaced monitor m1"), again.out());
    Row counts =
        TestSpark.get()
            .sql(
                "SELECT count(*), count_if(active), count_if(superseded_at IS NOT NULL) FROM steward.monitors"
                    + " WHERE model_id = 'm1'")
            .first();
    assertEquals(
        List.of(2L, 1L, 1L), List.of(counts.getLong(0), counts.getLong(1), counts.getLong(2)));
    assertEquals(
        0, Cli.run(wh, "monitor", "register", "--spec", dir.resolve("m2.yaml").toString()).code());
  }

  @Test
  @Order(4)
  void nightlyNeedsABaselineAndAKnownModel() {
    Cli.Run r = Cli.run(wh, "nightly", "--date", "2026-03-02");
    assertEquals(2, r.code(), r.toString());
    assertEquals(
        "steward: error: model 'm1' has no baseline; build it with: steward baseline --model m1",
        r.lastErr());
    Cli.Run unknown = Cli.run(wh, "baseline", "--model", "zz");
    assertEquals(2, unknown.code());
    assertTrue(
        unknown
            .lastErr()
            .startsWith(
                "steward: error: no monitor is registered for model 'zz'; known models: m1, m2"),
        unknown.toString());
    Cli.Run badDate = Cli.run(wh, "nightly", "--date", "2026-13-01");
    assertEquals(2, badDate.code());
    assertEquals(
        "steward: error: option --date is '2026-13-01' but must be a date written YYYY-MM-DD",
        badDate.lastErr());
  }

  @Test
  @Order(5)
  void baselinePinsTheSnapshotVersion() {
    Cli.Run m1 = Cli.run(wh, "baseline", "--model", "m1");
    assertEquals(0, m1.code(), m1.toString());
    Cli.Run m2 = Cli.run(wh, "baseline", "--model", "m2");
    assertEquals(0, m2.code(), m2.toString());
    Row x =
        TestSpark.get()
            .sql("SELECT * FROM steward.baselines WHERE model_id = 'm1' AND feature = 'x'")
            .first();
    assertEquals(
        List.of(10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0),
        x.getList(x.fieldIndex("edges")));
    assertEquals(0L, x.<Long>getAs("snapshot_version"));
    assertEquals(100L, x.<Long>getAs("snapshot_row_count"));
    assertEquals(1.0, x.<Double>getAs("min"));
    assertEquals(100.0, x.<Double>getAs("max"));
    // The unpinned spec records the latest version, which includes the appended row.
    Row m2x =
        TestSpark.get()
            .sql("SELECT * FROM steward.baselines WHERE model_id = 'm2' AND feature = 'x'")
            .first();
    assertEquals(1L, m2x.<Long>getAs("snapshot_version"));
    assertEquals(101L, m2x.<Long>getAs("snapshot_row_count"));
  }

  @Test
  @Order(6)
  void nightlyDriftMatchesHandComputedFigures() {
    Cli.Run r = Cli.run(wh, "nightly", "--date", "2026-03-02");
    assertEquals(0, r.code(), r.toString());
    Map<String, Row> v1 = drift("m1", "v1", "2026-03-02");
    assertEquals(3, v1.size(), v1.keySet().toString());
    // x: every value in the first of 10 bins of 0.1 each.
    double psiX = 0.9 * Math.log(10) + 9 * (1e-4 - 0.1) * Math.log(1e-4 / 0.1);
    assertEquals(psiX, v1.get("x").<Double>getAs("psi"), 1e-9);
    assertEquals("SIGNIFICANT", v1.get("x").getAs("psi_band"));
    assertEquals(20L, v1.get("x").<Long>getAs("row_count"));
    assertEquals(0.0, v1.get("x").<Double>getAs("out_of_range_rate"), 1e-12);
    // region: bins a, b, c, OTHER with e = (.5, .3, .2, 0 -> 1e-4); current a:10, d:10 (OTHER).
    double psiRegion =
        0
            + (1e-4 - 0.3) * Math.log(1e-4 / 0.3)
            + (1e-4 - 0.2) * Math.log(1e-4 / 0.2)
            + (0.5 - 1e-4) * Math.log(0.5 / 1e-4);
    assertEquals(psiRegion, v1.get("region").<Double>getAs("psi"), 1e-9);
    assertEquals(0.5, v1.get("region").<Double>getAs("new_category_rate"), 1e-12);
    assertEquals(4, v1.get("region").<Integer>getAs("bin_count"));
    // __score__: 0.05 sits in the first score bin (deciles 0.1 ... 0.9), like x.
    assertEquals(psiX, v1.get("__score__").<Double>getAs("psi"), 1e-9);
    Row any = v1.get("x");
    assertEquals("DAY", any.getAs("granularity"));
    assertEquals(ts("2026-03-03T00:00:00Z"), any.getAs("window_end"));
    assertEquals("delta.`" + snapshot + "`", any.getAs("baseline_table"));
    assertEquals(0L, any.<Long>getAs("baseline_version"));

    Map<String, Row> v2 = drift("m1", "v2", "2026-03-02");
    assertEquals(4L, v2.get("x").<Long>getAs("row_count"));
    assertEquals(5L, drift("m2", "v1", "2026-03-02").get("x").<Long>getAs("row_count"));
    assertEquals(
        0L,
        TestSpark.get()
            .sql(
                "SELECT count(*) FROM steward.feature_drift WHERE window_start <> TIMESTAMP '2026-03-02 00:00:00'")
            .first()
            .getLong(0));

    Row run =
        TestSpark.get()
            .sql(
                "SELECT * FROM steward.job_runs WHERE command = 'nightly' AND status = 'SUCCEEDED'")
            .first();
    assertEquals(29L, run.<Long>getAs("rows_read"));
    Row input = run.<Row>getList(run.fieldIndex("inputs")).get(0);
    assertEquals("delta.`" + log + "`", input.getString(0));
    assertEquals(0L, input.getLong(1));
    assertTrue(r.out().contains("m1     v1       2026-03-02  20"), r.out());
  }

  @Test
  @Order(8)
  void backfillGivesTheSameFiguresAsSingleNights() {
    Map<String, Row> single = drift("m1", "v1", "2026-03-02");
    Cli.Run r =
        Cli.run(wh, "nightly", "--from", "2026-03-01", "--to", "2026-03-03", "--model", "m1");
    // Three drifted nights in a row reach m1's hysteresis (3, tier MEDIUM): alerts, exit 3.
    assertEquals(3, r.code(), r.toString());
    assertTrue(
        r.out().contains("raised CRITICAL psi of x on m1 v1 for no owner (model not registered)"),
        r.out());
    Map<String, Row> ranged = drift("m1", "v1", "2026-03-02");
    for (String f : single.keySet()) {
      for (String c :
          List.of("psi", "missing_rate", "out_of_range_rate", "new_category_rate", "row_count")) {
        assertEquals(single.get(f).<Object>getAs(c), ranged.get(f).<Object>getAs(c), f + "." + c);
      }
    }
    assertEquals(1L, drift("m1", "v1", "2026-03-01").get("x").<Long>getAs("row_count"));
    assertEquals(1L, drift("m1", "v1", "2026-03-03").get("x").<Long>getAs("row_count"));
    // m2 was not in the backfill: its night is untouched.
    assertEquals(5L, drift("m2", "v1", "2026-03-02").get("x").<Long>getAs("row_count"));
  }

  @Test
  @Order(9)
  void aNightWithoutRowsIsRecordedNotAnError() {
    Cli.Run r = Cli.run(wh, "nightly", "--date", "2026-04-01");
    assertEquals(0, r.code(), r.toString());
    assertTrue(
        r.err().contains("no rows for m1, m2 in 2026-04-01; recorded a run with zero rows"),
        r.err());
    // Each phase says how long it took, in the order it ran.
    assertTrue(
        r.err()
            .matches(
                "(?s).*nightly 2026-04-01: registry, \\d+ source table\\(s\\) read and the run"
                    + " recorded as RUNNING in \\d+\\.\\d s\n"
                    + ".*nightly 2026-04-01: latest labels keyed: \\d+ table\\(s\\), \\d+ label rows"
                    + " written for the executors' index \\(\\d+\\.\\d MB off the heap on each\\)"
                    + " in \\d+\\.\\d s\n"
                    + ".*: scanned 0 rows into \\d+ window profile\\(s\\) in \\d+\\.\\d s;"
                    + " writing results\n"
                    + "nightly 2026-04-01: results written in \\d+\\.\\d s\n"
                    + "nightly 2026-04-01: rules judged, \\d+ open alert\\(s\\), 0 raised;"
                    + " triggers: 0 raised, 0 escalated, 0 actioned in \\d+\\.\\d s\n"
                    + "nightly 2026-04-01: run [0-9a-f-]{36} recorded as SUCCEEDED in"
                    + " \\d+\\.\\d s; \\d+\\.\\d s in all\n.*"),
        r.err());
    String[] scratch = new java.io.File(wh, "_steward_scratch").list();
    assertTrue(scratch == null || scratch.length == 0, "the run's label files are removed");
    Row run =
        TestSpark.get()
            .sql(
                "SELECT rows_read, status FROM steward.job_runs WHERE window_start = TIMESTAMP '2026-04-01 00:00:00'")
            .first();
    assertEquals(0L, run.getLong(0));
    assertEquals("SUCCEEDED", run.getString(1));
  }

  @Test
  @Order(10)
  void sqlFormats() {
    Cli.Run csv =
        Cli.run(
            wh,
            "sql",
            "SELECT feature, round(psi, 6) AS psi FROM steward.feature_drift WHERE model_id = 'm1'"
                + " AND model_version = 'v2' ORDER BY feature",
            "--format",
            "csv");
    assertEquals(0, csv.code(), csv.toString());
    List<String> lines = csv.out().lines().toList();
    assertEquals("feature,psi", lines.get(0));
    assertEquals(4, lines.size(), csv.out());
    assertTrue(lines.get(1).startsWith("__score__,"), csv.out());
    Cli.Run json = Cli.run(wh, "sql", "SELECT 1 AS one, 'a,b' AS s", "--format", "json");
    assertEquals("{\"one\":1,\"s\":\"a,b\"}", json.out().strip());
    Cli.Run quoted = Cli.run(wh, "sql", "SELECT 'a,\"b' AS s, NULL AS n", "--format", "csv");
    assertEquals("s,n\n\"a,\"\"b\",", quoted.out().strip());
    Cli.Run ddl =
        Cli.run(
            wh, "sql", "CREATE TABLE delta.`" + dir.resolve("scratch") + "` (a INT) USING delta");
    assertEquals(0, ddl.code(), ddl.toString());
    assertEquals(
        0,
        Cli.run(wh, "sql", "INSERT INTO delta.`" + dir.resolve("scratch") + "` VALUES (7)").code());
    Cli.Run read =
        Cli.run(
            wh, "sql", "SELECT a FROM delta.`" + dir.resolve("scratch") + "`", "--format", "csv");
    assertEquals("a\n7", read.out().strip());
    Cli.Run bad = Cli.run(wh, "sql", "SELECT * FROM steward.no_such_table");
    assertEquals(2, bad.code());
    assertTrue(
        bad.lastErr().startsWith("steward: error: SQL failed: [TABLE_OR_VIEW_NOT_FOUND]"),
        bad.toString());
  }

  @Test
  @Order(11)
  @SuppressWarnings("try") // the lock is held for the block, never read in it
  void writersWaitForTheLockAndReadersDoNot() {
    long before = version("feature_drift");
    try (WarehouseLock held =
        WarehouseLock.acquire(new Warehouse(wh), "steward nightly 2026-03-02")) {
      Cli.Run r = Cli.run(wh, "nightly", "--date", "2026-03-02");
      assertEquals(2, r.code(), r.toString());
      assertTrue(
          r.lastErr()
              .startsWith(
                  "steward: error: warehouse "
                      + wh
                      + " is locked by another steward process (steward nightly 2026-03-02, pid "),
          r.lastErr());
      Cli.Run read =
          Cli.run(wh, "sql", "SELECT count(*) AS n FROM steward.feature_drift", "--format", "csv");
      assertEquals(0, read.code(), read.toString());
      Cli.Run write = Cli.run(wh, "sql", "DELETE FROM steward.feature_drift");
      assertEquals(2, write.code(), write.toString());
      Cli.Run hidden =
          Cli.run(
              wh,
              "sql",
              "WITH x AS (SELECT 8 AS a) INSERT INTO delta.`"
                  + dir.resolve("scratch")
                  + "` SELECT a FROM x");
      assertEquals(2, hidden.code(), hidden.toString());
      assertTrue(
          hidden.lastErr().contains("is locked by another steward process"), hidden.toString());
      Cli.Run show = Cli.run(wh, "sql", "SHOW TABLES IN steward", "--format", "csv");
      assertEquals(0, show.code(), show.toString());
      assertTrue(show.out().contains("feature_drift"), show.out());
    }
    assertEquals(before, version("feature_drift"));
  }

  @Test
  @Order(12)
  void unknownModelOnNightly() {
    Cli.Run r = Cli.run(wh, "nightly", "--date", "2026-03-02", "--model", "nope");
    assertEquals(2, r.code());
    assertEquals(
        "steward: error: no monitor is registered for model 'nope'; known models: m1, m2 (or register it with: steward monitor register --spec FILE.yaml)",
        r.lastErr());
  }

  @Test
  @Order(13)
  void aRunKilledMidwayLeavesTheNightComplete() throws Exception {
    Map<String, Row> before = drift("m1", "v1", "2026-03-02");
    ChildCli child =
        ChildCli.start(TestData.ADMIN, wh, Map.of(), "nightly", "--date", "2026-03-02");
    child.awaitLines(1, l -> l.contains("scanning"), Duration.ofMinutes(10));
    child.kill();
    String seen = child.lines().stream().filter(l -> l.contains("scanning")).findFirst().orElse("");
    assertTrue(seen.startsWith("nightly 2026-03-02: scanning"), "child never started scanning");

    // Whatever the moment of the kill, the night is either the previous run's or the new
    // run's, never a mix, a gap or a duplicate.
    Map<String, Row> after = drift("m1", "v1", "2026-03-02");
    assertEquals(before.keySet(), after.keySet());
    assertEquals(
        1L,
        TestSpark.get()
            .sql(
                "SELECT count(DISTINCT run_id) FROM steward.feature_drift WHERE window_start ="
                    + " TIMESTAMP '2026-03-02 00:00:00' AND model_id = 'm1'")
            .first()
            .getLong(0));
    for (String f : before.keySet()) {
      assertEquals(before.get(f).<Object>getAs("psi"), after.get(f).<Object>getAs("psi"), f);
    }
    Row killed =
        TestSpark.get()
            .sql("SELECT status, run_id FROM steward.job_runs ORDER BY started_at DESC LIMIT 1")
            .first();
    assertTrue(List.of("RUNNING", "SUCCEEDED").contains(killed.getString(0)), killed.toString());
    // The lock died with the process: the next writer takes it, and marks the killed run
    // ABANDONED with the pid and the last progress line the lock file kept (the next nightly, in
    // the next test, goes ahead).
    Cli.Run next =
        Cli.run(
            wh,
            "sql",
            "CREATE TABLE delta.`" + dir.resolve("after-kill") + "` (a INT) USING delta");
    assertEquals(0, next.code(), next.toString());
    if (killed.getString(0).equals("RUNNING")) {
      assertTrue(
          next.err()
              .matches(
                  "(?s)marked 1 run ABANDONED: nightly run "
                      + killed.getString(1)
                      + " started \\S+ on \\S+ \\(pid "
                      + child.pid()
                      + "\\) in phase 'nightly 2026-03-02: scan.*"),
          next.toString());
      Row marked =
          TestSpark.get()
              .sql(
                  "SELECT status, message FROM steward.job_runs WHERE run_id = '"
                      + killed.getString(1)
                      + "'")
              .first();
      assertEquals("ABANDONED", marked.getString(0));
      assertTrue(marked.getString(1).contains(", pid " + child.pid() + ")"), marked.toString());
    } else {
      assertEquals("OK\n", next.err(), next.toString());
    }
  }

  @Test
  @Order(14)
  void aRerunReplacesTheNightAndProfilesModelsOfTwoLogTablesTogether() throws IOException {
    // m3 lives in a second log table whose numeric feature w is a column the first table lacks.
    String log2 = dir.resolve("log2").toString();
    String snapshot2 = dir.resolve("snapshot2").toString();
    StructType snapshotSchema =
        new StructType()
            .add("w", DataTypes.DoubleType)
            .add("region", DataTypes.StringType)
            .add("score", DataTypes.DoubleType);
    List<Row> snap = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      snap.add(RowFactory.create((double) i, i % 2 == 0 ? "a" : "b", i / 100.0));
    }
    TestData.writeDelta(snapshot2, snap, snapshotSchema, "overwrite");
    StructType logSchema =
        new StructType()
            .add("event_ts", DataTypes.TimestampType)
            .add("model_id", DataTypes.StringType)
            .add("model_version", DataTypes.StringType)
            .add("prediction_id", DataTypes.StringType)
            .add("score", DataTypes.DoubleType)
            .add("decision", DataTypes.IntegerType)
            .add("w", DataTypes.DoubleType)
            .add("region", DataTypes.StringType);
    List<Row> rows = new ArrayList<>();
    double[] w = {5, 15, 25, 35, 45, 95};
    for (int i = 0; i < w.length; i++) {
      rows.add(
          RowFactory.create(
              ts("2026-03-02T0" + i + ":30:00Z"), "m3", "v1", "w" + i, 0.4, 0, w[i], "a"));
    }
    TestData.writeDelta(log2, rows, logSchema, "overwrite");
    Path spec = dir.resolve("m3.yaml");
    Files.writeString(
        spec, TestData.spec("m3", log2, snapshot2).numeric("w").baselineVersion(0).yaml());
    assertEquals(0, Cli.run(wh, "monitor", "register", "--spec", spec.toString()).code());
    assertEquals(0, Cli.run(wh, "baseline", "--model", "m3").code());

    Map<String, Row> m1Before = drift("m1", "v1", "2026-03-02");
    long rowsBefore =
        TestSpark.get().sql("SELECT count(*) FROM steward.feature_drift").first().getLong(0);
    Cli.Run together = Cli.run(wh, "nightly", "--date", "2026-03-02");
    assertEquals(0, together.code(), together.toString());
    Map<String, Row> m3 = drift("m3", "v1", "2026-03-02");
    // The rerun replaced the night of m1 and m2 without duplicates: one new run for the whole
    // night, m3's rows the only ones added.
    assertEquals(
        rowsBefore + m3.size(),
        TestSpark.get().sql("SELECT count(*) FROM steward.feature_drift").first().getLong(0));
    assertNotEquals(
        m1Before.get("x").<String>getAs("run_id"),
        drift("m1", "v1", "2026-03-02").get("x").getAs("run_id"));
    assertEquals(
        1L,
        TestSpark.get()
            .sql(
                "SELECT count(DISTINCT run_id) FROM steward.feature_drift WHERE window_start ="
                    + " TIMESTAMP '2026-03-02 00:00:00'")
            .first()
            .getLong(0));
    // w: six rows, one in each of the deciles (0, 10], (10, 20], ..., (40, 50] and (90, +inf).
    Row w3 = m3.get("w");
    assertEquals(6L, w3.<Long>getAs("row_count"));
    assertEquals(0.0, w3.<Double>getAs("missing_rate"), 1e-12);
    assertEquals(0.0, w3.<Double>getAs("out_of_range_rate"), 1e-12);
    double psiW = 6 * (1.0 / 6 - 0.1) * Math.log(1.0 / 6 / 0.1) + 4 * (1e-4 - 0.1) * Math.log(1e-3);
    assertEquals(psiW, w3.<Double>getAs("psi"), 1e-9);
    // region: bins a, b, OTHER with e = (.5, .5, 0 -> 1e-4); current all a.
    Row region3 = m3.get("region");
    assertEquals(6L, region3.<Long>getAs("row_count"));
    double psiRegion = 0.5 * Math.log(2) + (1e-4 - 0.5) * Math.log(1e-4 / 0.5);
    assertEquals(psiRegion, region3.<Double>getAs("psi"), 1e-9);
    // m1, profiled beside m3 from the other table, keeps its figures.
    Row x = drift("m1", "v1", "2026-03-02").get("x");
    for (String c : List.of("psi", "missing_rate", "out_of_range_rate", "row_count")) {
      assertEquals(m1Before.get("x").<Object>getAs(c), x.<Object>getAs(c), "m1.x." + c);
    }
    // One job read both tables, each once.
    Row inputs =
        TestSpark.get()
            .sql(
                "SELECT filter(inputs, i -> i.role = 'predictions') FROM delta.`"
                    + wh
                    + "/steward/job_runs` WHERE command = 'nightly' AND status = 'SUCCEEDED'"
                    + " ORDER BY finished_at DESC LIMIT 1")
            .first();
    List<Row> read = inputs.getList(0);
    assertEquals(2, read.size(), read.toString());
    for (Row i : read) {
      assertEquals(1, i.<Integer>getAs("scans"), i.toString());
    }
  }
}
