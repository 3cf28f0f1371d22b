package io.steward.jobs;

import static io.steward.jobs.TestData.ts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.common.testing.Specs;
import io.steward.registry.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
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
 * Performance, fairness and operational metrics through the command line: a week of predictions
 * whose labels arrive late, a week window closing on Sunday, bad input counted in job_runs, and the
 * one scan per night. Expected figures are computed in this test from the generated rows by plain
 * loops (Mann-Whitney pair counting, direct rate counts), independently of the job.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OutcomesEndToEndTest {
  @TempDir static Path dir;
  static String wh;
  static String log;
  static String labels;
  static String snapshot;

  /** Runs every command: the first PLATFORM_ADMIN of the warehouse, and the model's owner. */
  static final String USER = TestData.ADMIN;

  static final StructType LOG =
      new StructType()
          .add("event_ts", DataTypes.TimestampType)
          .add("model_version", DataTypes.StringType)
          .add("prediction_id", DataTypes.StringType)
          .add("score", DataTypes.DoubleType)
          .add("x", DataTypes.DoubleType)
          .add("gender", DataTypes.StringType)
          .add("region", DataTypes.StringType)
          .add("latency_ms", DataTypes.DoubleType)
          .add("status", DataTypes.StringType)
          .add("source", DataTypes.StringType);
  static final StructType LABELS =
      new StructType()
          .add("prediction_id", DataTypes.StringType)
          .add("outcome", DataTypes.IntegerType)
          .add("labeled_at", DataTypes.TimestampType);
  static final StructType SNAPSHOT =
      new StructType()
          .add("x", DataTypes.DoubleType)
          .add("score", DataTypes.DoubleType)
          .add("label", DataTypes.IntegerType);

  /** A generated prediction with its (eventual) label. */
  record Pred(
      Instant ts,
      String version,
      String id,
      double score,
      int label,
      String gender,
      String region,
      double latency,
      String status,
      String source) {
    Row row() {
      return RowFactory.create(
          Timestamp.from(ts),
          version,
          id,
          score,
          score * 100,
          gender,
          region,
          latency,
          status,
          source);
    }

    Row labelRow() {
      return RowFactory.create(id, label, Timestamp.from(ts.plus(Duration.ofHours(50))));
    }
  }

  static final Instant MONDAY = Instant.parse("2026-03-02T00:00:00Z");
  static final Map<Integer, List<Pred>> DAYS = new HashMap<>();

  /** Day d of the week of 2026-03-02: 40 rows, 20 on Sunday (the feed stops at 09:35). */
  static List<Pred> day(int d) {
    List<Pred> rows = new ArrayList<>();
    int n = d == 6 ? 20 : 40;
    for (int i = 0; i < n; i++) {
      double score = ((i * 37 + d * 11) % 100) / 100.0;
      int label = ((i * 13 + d * 7) % 10) < score * 10 ? 1 : 0;
      rows.add(
          new Pred(
              MONDAY.plus(Duration.ofDays(d)).plus(Duration.ofMinutes(5 + 30L * i)),
              i % 5 == 4 ? "v2" : "v1",
              "p-" + d + "-" + i,
              score,
              label,
              i % 2 == 0 ? "F" : "M",
              i % 3 == 0 ? "north" : "south",
              10.0 + i,
              i % 10 == 0 ? "TIMEOUT" : "OK",
              i % 4 == 0 ? "bureau_a" : "bureau_b"));
    }
    return rows;
  }

  @BeforeAll
  static void data() throws IOException {
    wh = TestData.initialisedWarehouse(dir.resolve("wh"));
    log = dir.resolve("log").toString();
    labels = dir.resolve("labels").toString();
    snapshot = dir.resolve("snapshot").toString();
    List<Row> logRows = new ArrayList<>();
    for (int d = 0; d < 7; d++) {
      DAYS.put(d, day(d));
      DAYS.get(d).forEach(p -> logRows.add(p.row()));
    }
    // Just outside the week, on both sides.
    logRows.add(edge("2026-03-01T23:59:59Z", "edge-before"));
    logRows.add(edge("2026-03-09T00:00:00Z", "edge-after"));
    TestData.writeDelta(log, logRows, LOG, "overwrite");
    // Labels arrive late: at first only Monday's and Tuesday's.
    List<Row> first = new ArrayList<>();
    for (int d = 0; d < 2; d++) {
      DAYS.get(d).forEach(p -> first.add(p.labelRow()));
    }
    TestData.writeDelta(labels, first, LABELS, "overwrite");
    // Snapshot: score i/10 for i = 0..9, label 1 for i >= 4 except i = 6 and a positive at 3.
    List<Row> snap = new ArrayList<>();
    int[] snapLabels = {0, 0, 0, 1, 1, 1, 0, 1, 1, 1};
    for (int i = 0; i < 10; i++) {
      snap.add(RowFactory.create(i * 10.0, i / 10.0, snapLabels[i]));
    }
    TestData.writeDelta(snapshot, snap, SNAPSHOT, "overwrite");
  }

  static Row edge(String at, String id) {
    return RowFactory.create(ts(at), "v1", id, 0.5, 50.0, "F", "north", 1.0, "OK", "bureau_a");
  }

  static String spec() {
    return Specs.binary("churn")
        .predictions(Specs.delta(log))
        .withoutColumn("model_id")
        .column("latency_ms", "latency_ms")
        .column("status", "status")
        .column("source", "source")
        .labels(Specs.delta(labels))
        .labelTimestamp("labeled_at")
        .numeric("x")
        .protectedSlices("gender")
        .otherSlices("region")
        .baseline(Specs.delta(snapshot))
        .baselineVersion(0)
        .baselineLabel("label")
        .set("decision_threshold", 0.5)
        .set("favorable_prediction", 1)
        .set("min_group_size", 5)
        .set("label_lookback_days", 10)
        .set("capacity_per_minute", 1)
        .set("freshness_sla_hours", 6)
        // Alerts are AlertsEndToEndTest's subject: a week of this log (10% timeouts by design)
        // would open some, and every nightly here would exit 3.
        .set("thresholds", "{consecutive_windows: 30}")
        .yaml();
  }

  static Cli.Run ok(String... args) {
    Cli.Run r = Cli.runAs(USER, wh, args);
    assertEquals(0, r.code(), r.toString());
    return r;
  }

  /** Exact AUC by counting pairs, ties half. */
  static double auc(List<Pred> rows) {
    double won = 0;
    long pairs = 0;
    for (Pred p : rows) {
      for (Pred q : rows) {
        if (p.label() == 1 && q.label() == 0) {
          pairs++;
          won += p.score() > q.score() ? 1 : p.score() == q.score() ? 0.5 : 0;
        }
      }
    }
    return won / pairs;
  }

  static List<Pred> rows(int fromDay, int toDay, Predicate<Pred> keep) {
    List<Pred> all = new ArrayList<>();
    for (int d = fromDay; d <= toDay; d++) {
      DAYS.get(d).stream().filter(keep).forEach(all::add);
    }
    return all;
  }

  static Row metric(String table, String where) {
    List<Row> r =
        TestSpark.get()
            .sql("SELECT * FROM delta.`" + wh + "/steward/" + table + "` WHERE " + where)
            .collectAsList();
    assertEquals(1, r.size(), table + " rows for " + where + ": " + r);
    return r.get(0);
  }

  static double value(Row r) {
    return r.getDouble(r.fieldIndex("value"));
  }

  @Test
  @Order(1)
  void setUp() throws IOException {
    Path spec = dir.resolve("churn.yaml");
    Files.writeString(spec, spec());
    ok("monitor", "register", "--spec", spec.toString());
    ok("baseline", "--model", "churn");
    ok(
        "model",
        "register",
        "--id",
        "churn",
        "--name",
        "Churn",
        "--owner",
        USER,
        "--risk-tier",
        "LOW",
        "--use-case",
        "Retention offers",
        "--success-criteria",
        "auc>=0.7");
    ok(
        "model",
        "version",
        "add",
        "--id",
        "churn",
        "--version",
        "v1",
        "--training-table",
        "delta.`" + snapshot + "`",
        "--training-version",
        "0",
        "--metric",
        "auc=0.9");
    ok(
        "model",
        "version",
        "add",
        "--id",
        "churn",
        "--version",
        "v2",
        "--training-table",
        "delta.`" + snapshot + "`",
        "--training-version",
        "0");
  }

  @Test
  @Order(2)
  void backfillComputesPerformanceWhereLabelsExist() {
    Cli.Run r = ok("nightly", "--from", "2026-03-02", "--to", "2026-03-07");
    assertTrue(r.err().contains("0 week window(s)"), r.err());
    String monday = "window_start = TIMESTAMP '2026-03-02 00:00:00' AND granularity = 'DAY'";
    // Monday, v1: AUC against the exact pair count, and against the registered baseline 0.9.
    Row auc =
        metric(
            "performance_metrics",
            monday + " AND model_version = 'v1' AND metric = 'auc' AND slice_column IS NULL");
    double expected = auc(rows(0, 0, p -> p.version().equals("v1")));
    assertEquals(expected, value(auc), 1e-12);
    assertEquals(0.9, auc.getDouble(auc.fieldIndex("baseline_value")), 1e-12);
    assertEquals(expected - 0.9, auc.getDouble(auc.fieldIndex("delta")), 1e-12);
    assertEquals(32, auc.getLong(auc.fieldIndex("n")));
    assertEquals(1.0, auc.getDouble(auc.fieldIndex("label_coverage")), 1e-12);
    // v2 has no registered metrics: its baseline is the snapshot's AUC. Snapshot positives at
    // .3 .4 .5 .7 .8 .9, negatives at 0 .1 .2 .6: pairs won 3+3+3+4+4+4 = 21 of 24.
    Row v2 =
        metric(
            "performance_metrics",
            monday + " AND model_version = 'v2' AND metric = 'auc' AND slice_column IS NULL");
    assertEquals(21.0 / 24, v2.getDouble(v2.fieldIndex("baseline_value")), 1e-12);
    assertEquals(auc(rows(0, 0, p -> p.version().equals("v2"))), value(v2), 1e-12);
    // Label lag: every label arrives 50 hours after its prediction.
    Row lag =
        metric(
            "performance_metrics",
            monday + " AND model_version = 'v1' AND metric = 'label_lag_p50_hours'");
    assertEquals(50.0, value(lag), 0.5);

    // Thursday has no labels yet: rows with n = 0 and null values, not an error.
    Row thursday =
        metric(
            "performance_metrics",
            "window_start = TIMESTAMP '2026-03-05 00:00:00' AND model_version = 'v1'"
                + " AND metric = 'auc' AND slice_column IS NULL");
    assertEquals(0, thursday.getLong(thursday.fieldIndex("n")));
    assertTrue(thursday.isNullAt(thursday.fieldIndex("value")));
    assertEquals(0.0, thursday.getDouble(thursday.fieldIndex("label_coverage")), 1e-12);

    // One scan of the log for all metrics of six nights; labels read once with it.
    Row run =
        TestSpark.get()
            .sql(
                "SELECT * FROM delta.`"
                    + wh
                    + "/steward/job_runs` WHERE status = 'SUCCEEDED' ORDER BY started_at DESC"
                    + " LIMIT 1")
            .first();
    Map<String, Row> inputs = new HashMap<>();
    for (Row i : run.<Row>getList(run.fieldIndex("inputs"))) {
      inputs.put(i.getAs("role"), i);
    }
    assertEquals(1, inputs.get("predictions").<Integer>getAs("scans"), inputs.toString());
    assertEquals(1, inputs.get("labels").<Integer>getAs("scans"), inputs.toString());
    assertEquals(240L, inputs.get("predictions").<Long>getAs("rows_read"));
  }

  @Test
  @Order(3)
  void fairnessByGroupAgainstDirectCounts() {
    String where =
        "window_start = TIMESTAMP '2026-03-03 00:00:00' AND granularity = 'DAY'"
            + " AND model_version = 'v1' AND attribute = 'gender'";
    List<Pred> tuesday = rows(1, 1, p -> p.version().equals("v1"));
    Map<String, Double> selection = new HashMap<>();
    Map<String, Double> tpr = new HashMap<>();
    Map<String, Double> fpr = new HashMap<>();
    for (String g : List.of("F", "M")) {
      List<Pred> group = tuesday.stream().filter(p -> p.gender().equals(g)).toList();
      selection.put(
          g, group.stream().filter(p -> p.score() >= 0.5).count() / (double) group.size());
      long pos = group.stream().filter(p -> p.label() == 1).count();
      long neg = group.size() - pos;
      tpr.put(
          g, group.stream().filter(p -> p.label() == 1 && p.score() >= 0.5).count() / (double) pos);
      fpr.put(
          g, group.stream().filter(p -> p.label() == 0 && p.score() >= 0.5).count() / (double) neg);
      assertEquals(
          selection.get(g),
          value(
              metric(
                  "fairness_metrics",
                  where + " AND group_value = '" + g + "' AND metric = 'selection_rate'")),
          1e-12);
    }
    double dpr =
        Math.min(selection.get("F"), selection.get("M"))
            / Math.max(selection.get("F"), selection.get("M"));
    Row ratio = metric("fairness_metrics", where + " AND metric = 'demographic_parity_ratio'");
    assertEquals(dpr, value(ratio), 1e-12);
    assertTrue(ratio.getDouble(ratio.fieldIndex("ci_low")) <= dpr);
    double eod =
        Math.max(Math.abs(tpr.get("F") - tpr.get("M")), Math.abs(fpr.get("F") - fpr.get("M")));
    assertEquals(
        eod,
        value(metric("fairness_metrics", where + " AND metric = 'equalized_odds_difference'")),
        1e-12);
  }

  @Test
  @Order(4)
  void sundayClosesTheWeekAndRecomputesRelabelledNights() {
    // Wednesday's labels arrive.
    List<Row> wednesday = new ArrayList<>();
    DAYS.get(2).forEach(p -> wednesday.add(p.labelRow()));
    TestData.writeDelta(labels, wednesday, LABELS, "append");

    Cli.Run r = ok("nightly", "--date", "2026-03-08");
    assertTrue(r.err().contains("1 week window(s)"), r.err());
    assertTrue(r.err().contains("1 earlier night(s) recomputed for late labels"), r.err());
    // An append: only the files appended since the last run are read for the new labels.
    assertTrue(r.err().contains("file(s) appended since), looked up"), r.err());

    // Wednesday now has its labels.
    assertEquals(auc(rows(2, 2, p -> p.version().equals("v1"))), wednesdayAuc(), 1e-12);

    // The week: Monday to Sunday, not the rows a second either side of it.
    String week = "window_start = TIMESTAMP '2026-03-02 00:00:00' AND granularity = 'WEEK'";
    Row rows =
        metric("operational_metrics", week + " AND model_version IS NULL AND metric = 'row_count'");
    assertEquals(260.0, value(rows), 1e-12);
    assertEquals(
        Timestamp.from(Instant.parse("2026-03-09T00:00:00Z")),
        rows.getTimestamp(rows.fieldIndex("window_end")));
    Row weekAuc =
        metric(
            "performance_metrics",
            week + " AND model_version = 'v1' AND metric = 'auc' AND slice_column IS NULL");
    assertEquals(auc(rows(0, 2, p -> p.version().equals("v1"))), value(weekAuc), 1e-12);
    // Weekly drift too.
    assertEquals(
        2L,
        TestSpark.get()
            .sql(
                "SELECT * FROM delta.`"
                    + wh
                    + "/steward/feature_drift` WHERE "
                    + week
                    + " AND feature = 'x'")
            .count());

    // Sunday's feed stopped at 09:35: 14 h 25 min stale against an SLA of 6 h, half the volume.
    String sunday =
        "window_start = TIMESTAMP '2026-03-08 00:00:00' AND granularity = 'DAY'"
            + " AND model_version IS NULL";
    Row fresh = metric("operational_metrics", sunday + " AND metric = 'freshness_hours'");
    assertEquals(14 + 25 / 60.0, value(fresh), 1e-9);
    assertEquals(6.0, fresh.getDouble(fresh.fieldIndex("threshold")), 1e-12);
    assertEquals(
        0.5, value(metric("operational_metrics", sunday + " AND metric = 'completeness'")), 1e-12);

    // Latency: v1 rows of Sunday have latencies 10 + i for i in 0..19 without i = 4, 9, 14, 19.
    Row p95 =
        metric(
            "operational_metrics",
            "window_start = TIMESTAMP '2026-03-08 00:00:00' AND granularity = 'DAY'"
                + " AND model_version = 'v1' AND metric = 'latency_p95'");
    // 16 values 10..28 without 14, 19, 24; nearest rank ceil(.95 * 16) = 16: 28.
    assertEquals(28.0, value(p95), 28 * 0.01);

    Row run =
        TestSpark.get()
            .sql(
                "SELECT * FROM delta.`"
                    + wh
                    + "/steward/job_runs` WHERE status = 'SUCCEEDED' ORDER BY started_at DESC"
                    + " LIMIT 1")
            .first();
    Map<String, Row> inputs = new HashMap<>();
    for (Row i : run.<Row>getList(run.fieldIndex("inputs"))) {
      inputs.put(i.getAs("role"), i);
    }
    assertEquals(1, inputs.get("predictions").<Integer>getAs("scans"), inputs.toString());
    assertEquals(1, inputs.get("label lookup").<Integer>getAs("scans"), inputs.toString());
  }

  @Test
  @Order(5)
  void badInputIsCountedInJobRunsAndRerunsReplaceTheirWindows() {
    Instant monday = Instant.parse("2026-03-09T08:00:00Z");
    List<Row> bad = new ArrayList<>();
    bad.add(row(monday, "b-1", 1.7, 20.0));
    bad.add(row(monday, "b-2", Double.NaN, 20.0));
    bad.add(row(monday, "b-3", 0.4, -3.0));
    bad.add(row(monday, "b-4", 0.6, 20.0));
    bad.add(row(monday, "b-4", 0.6, 20.0));
    bad.add(row(monday, "b-5", 0.7, 20.0));
    TestData.writeDelta(log, bad, LOG, "append");
    Timestamp later = Timestamp.from(monday.plus(Duration.ofHours(3)));
    TestData.writeDelta(
        labels,
        List.of(
            RowFactory.create("b-3", 2, later),
            RowFactory.create("b-5", 1, later),
            RowFactory.create("b-5", 0, Timestamp.from(monday.plus(Duration.ofHours(4)))),
            RowFactory.create("ghost", 1, later)),
        LABELS,
        "append");

    ok("nightly", "--date", "2026-03-09");
    // The rerun of Monday also reruns Sunday, which closed the week.
    String week = "window_start = TIMESTAMP '2026-03-02 00:00:00' AND granularity = 'WEEK'";
    String[] tables = {"performance_metrics", "fairness_metrics", "operational_metrics"};
    long[] before = new long[tables.length];
    for (int i = 0; i < tables.length; i++) {
      before[i] = windowRows(tables[i], week);
      assertTrue(before[i] > 0, tables[i]);
    }
    ok("nightly", "--from", "2026-03-08", "--to", "2026-03-09");
    for (int i = 0; i < tables.length; i++) {
      assertEquals(before[i], windowRows(tables[i], week), "rerun replaced, " + tables[i]);
    }
    List<Row> runs =
        TestSpark.get()
            .sql(
                "SELECT r.reason, r.rows FROM (SELECT explode(rejected) AS r FROM (SELECT"
                    + " rejected FROM delta.`"
                    + wh
                    + "/steward/job_runs` WHERE status = 'SUCCEEDED' ORDER BY started_at DESC"
                    + " LIMIT 1))")
            .collectAsList();
    Map<String, Long> rejected = new HashMap<>();
    runs.forEach(x -> rejected.put(x.getString(0), x.getLong(1)));
    assertEquals(
        Map.of(
            "score_outside_0_1", 2L,
            "negative_latency", 1L,
            "duplicate_prediction_id", 1L,
            "label_outside_classes", 1L,
            "duplicate_label_id", 1L),
        rejected);
    // The first of the two runs saw the ghost label; the rerun saw no change in labels.
    List<Row> first =
        TestSpark.get()
            .sql(
                "SELECT r.reason, r.rows FROM (SELECT explode(rejected) AS r FROM (SELECT"
                    + " rejected FROM delta.`"
                    + wh
                    + "/steward/job_runs` WHERE status = 'SUCCEEDED' ORDER BY started_at DESC"
                    + " LIMIT 2)) WHERE r.reason = 'label_without_prediction'")
            .collectAsList();
    assertEquals(1, first.size(), first.toString());
    assertEquals(1L, first.get(0).getLong(1));
    // b-5's latest label (0, 04:00 after) is the one used: a score of .7 against 0.
    Row accuracy =
        metric(
            "performance_metrics",
            "window_start = TIMESTAMP '2026-03-09 00:00:00' AND granularity = 'DAY'"
                + " AND metric = 'accuracy' AND slice_column IS NULL");
    assertEquals(0.0, value(accuracy), 1e-12);
    assertEquals(1, accuracy.getLong(accuracy.fieldIndex("n")));
  }

  @Test
  @Order(6)
  void labelsCorrectedInPlaceRecomputeTheirNight() {
    // Not an append: Wednesday's v1 labels are corrected by an UPDATE, so the run compares the
    // labels table at the two versions in full instead of reading the files appended since.
    TestSpark.get()
        .sql(
            "UPDATE delta.`"
                + labels
                + "` SET outcome = 1 - outcome WHERE prediction_id IN ("
                + String.join(
                    ",",
                    rows(2, 2, p -> p.version().equals("v1")).stream()
                        .map(p -> "'" + p.id() + "'")
                        .toList())
                + ")");
    Cli.Run r = ok("nightly", "--date", "2026-03-09");
    assertTrue(r.err().contains("1 earlier night(s) recomputed for late labels"), r.err());
    assertTrue(r.err().contains("compared in full"), r.err());
    // Every label flipped, ties counted a half: the AUC becomes its complement.
    assertEquals(1 - auc(rows(2, 2, p -> p.version().equals("v1"))), wednesdayAuc(), 1e-12);
  }

  /** Wednesday's AUC of v1 as stored. */
  static double wednesdayAuc() {
    return value(
        metric(
            "performance_metrics",
            "window_start = TIMESTAMP '2026-03-04 00:00:00' AND granularity = 'DAY'"
                + " AND model_version = 'v1' AND metric = 'auc' AND slice_column IS NULL"));
  }

  static Row row(Instant at, String id, double score, double latency) {
    return RowFactory.create(
        Timestamp.from(at), "v1", id, score, 1.0, "F", "north", latency, "OK", "bureau_a");
  }

  static long windowRows(String table, String where) {
    return TestSpark.get()
        .sql("SELECT * FROM delta.`" + wh + "/steward/" + table + "` WHERE " + where)
        .count();
  }
}
