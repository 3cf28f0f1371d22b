package io.steward.jobs.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.common.testing.Specs;
import io.steward.jobs.Cli;
import io.steward.jobs.TestData;
import io.steward.registry.tables.StewardTables;
import io.steward.registry.tables.TableDef;
import io.steward.registry.testing.TestSpark;
import io.steward.registry.warehouse.Warehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dirty log-row corpus (issue 19 item 9): one warehouse whose prediction logs are clean except
 * for injected bad rows, one {@code nightly} run over them, and for every case: the run succeeds,
 * the injected rows are counted under the expected reason in {@code steward.job_runs.rejected} with
 * the exact count, and every float or double written anywhere in the warehouse's tables is finite.
 * The cases are a table ({@link #CASES}); cases that share a reason go to different models among
 * {@code dirty1..dirty3}, so that every count is checked exactly. Two more models lose their source
 * after registration: {@code changed} (its log's numeric feature becomes a string) and {@code
 * dropped} (its log is deleted); both must be skipped with one line each and recorded in job_runs,
 * and the run exits 3. {@code dirty3}'s log is rewritten and vacuumed after registration, which
 * leaves the latest version, the one a night reads, whole: its night must read every row.
 *
 * <p>Nights: today, whose rows are stamped at today's midnight (never in the future), and tomorrow,
 * whose rows are all in the future. Prints {@code reliability: dirty-rows:} lines, which {@code
 * scripts/reliability} collects.
 */
class DirtyRowsCorpusTest {
  private static final String PREFIX = "reliability: dirty-rows: ";

  @TempDir static Path dir;
  static String wh;
  static Cli.Run night;
  static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

  /** The log of every model: the drift features of {@link TestData#SNAPSHOT} and a label. */
  static final StructType LOG =
      new StructType()
          .add("event_ts", DataTypes.TimestampType)
          .add("model_id", DataTypes.StringType)
          .add("model_version", DataTypes.StringType)
          .add("prediction_id", DataTypes.StringType)
          .add("score", DataTypes.DoubleType)
          .add("decision", DataTypes.IntegerType)
          .add("x", DataTypes.DoubleType)
          .add("region", DataTypes.StringType)
          .add("label", DataTypes.DoubleType);

  /** A log row under construction; a case changes a clean one. */
  record LogRow(
      Timestamp ts,
      String model,
      String version,
      String id,
      double score,
      double x,
      String region,
      double label) {
    Row row() {
      return RowFactory.create(
          ts, model, version, id, score, score >= 0.5 ? 1 : 0, x, region, label);
    }

    LogRow score(double v) {
      return new LogRow(ts, model, version, id, v, x, region, label);
    }

    LogRow x(double v) {
      return new LogRow(ts, model, version, id, score, v, region, label);
    }

    LogRow label(double v) {
      return new LogRow(ts, model, version, id, score, x, region, v);
    }

    LogRow id(String v) {
      return new LogRow(ts, model, version, v, score, x, region, label);
    }

    LogRow version(String v) {
      return new LogRow(ts, model, v, id, score, x, region, label);
    }

    LogRow region(String v) {
      return new LogRow(ts, model, version, id, score, x, v, label);
    }

    LogRow model(String v) {
      return new LogRow(ts, v, version, id, score, x, region, label);
    }

    LogRow at(Instant v) {
      Timestamp t = v == null ? null : Timestamp.from(v);
      return new LogRow(t, model, version, id, score, x, region, label);
    }
  }

  /**
   * One dirty-row case: {@code rows} rows of {@code model}, each a clean row changed by {@code
   * dirty}, counted under {@code reason} (null: the rows are not bad input, and are read like any
   * other). A model's clean rows come first, so a case may reuse their ids.
   */
  record Case(String name, String model, String reason, int rows, UnaryOperator<LogRow> dirty) {}

  static final double NAN = Double.NaN;
  static final double INF = Double.POSITIVE_INFINITY;

  static final List<Case> CASES =
      List.of(
          new Case("nan-score", "dirty1", "score_outside_0_1", 2, r -> r.score(NAN)),
          new Case(
              "infinite-score",
              "dirty2",
              "score_outside_0_1",
              2,
              r -> r.score(number(r, INF, -INF))),
          new Case(
              "score-below-0-and-above-1",
              "dirty3",
              "score_outside_0_1",
              4,
              r -> r.score(number(r, -0.5, 1.5))),
          new Case("nan-feature", "dirty1", "feature_not_finite", 2, r -> r.x(NAN)),
          new Case(
              "infinite-feature",
              "dirty2",
              "feature_not_finite",
              2,
              r -> r.x(number(r, INF, -INF))),
          new Case("label-2", "dirty1", "label_outside_classes", 2, r -> r.label(2)),
          new Case("label-minus-1", "dirty2", "label_outside_classes", 1, r -> r.label(-1)),
          new Case("label-nan", "dirty3", "label_outside_classes", 2, r -> r.label(NAN)),
          // Each row repeats the id of one of the model's clean rows: one repeat each.
          new Case(
              "duplicate-prediction-id",
              "dirty1",
              "duplicate_prediction_id",
              3,
              r -> r.id(r.id().replace("-d", "-c"))),
          new Case("null-version", "dirty1", "version_missing", 2, r -> r.version(null)),
          new Case(
              "future-timestamp",
              "dirty1",
              "future_timestamp",
              2,
              r -> r.at(TODAY.plusDays(1).atTime(12, 0).toInstant(ZoneOffset.UTC))),
          // An unparseable time cannot be in a TIMESTAMP column: where it was written, it is null.
          new Case("null-timestamp", "dirty2", "timestamp_missing", 3, r -> r.at(null)),
          new Case(
              "quotes-unicode-in-prediction-ids",
              "dirty2",
              null,
              4,
              r -> r.id(r.id() + " it's \"q\" \\ ü€😀")),
          new Case(
              "quotes-unicode-in-categories",
              "dirty2",
              null,
              4,
              r -> r.region(pick(DirtyRowsCorpusTest.REGIONS, r))),
          // Rows of model ids no spec can have (ids are [a-z0-9_]): not any monitored model's.
          new Case(
              "quotes-unicode-in-model-ids",
              "dirty3",
              null,
              3,
              r -> r.model(pick(DirtyRowsCorpusTest.MODEL_IDS, r))));

  /** The models of the cases: dirty1 and dirty2 share a log, dirty3 has its own (vacuumed). */
  static final List<String> DIRTY = List.of("dirty1", "dirty2", "dirty3");

  /** The models whose source is gone or changed, and their expected reason. */
  static final Map<String, String> SOURCE_CASES =
      Map.of(
          "changed", "source_schema_changed",
          "dropped", "source_unreadable",
          "dirty3", "");

  static final int CLEAN_ROWS = 20;

  /** Category values with quotes, a backslash and characters outside the BMP. */
  static final List<String> REGIONS = List.of("a'b", "\"q\"", "back\\slash", "Zürich €😀");

  /** Model ids no spec can have. */
  static final List<String> MODEL_IDS = List.of("dirty5'", "dirty5\" OR 1=1 --", "dirty5\\ü");

  /** {@link #pick} for numbers. */
  static double number(LogRow r, double... values) {
    return values[index(r) % values.length];
  }

  static int index(LogRow r) {
    return Integer.parseInt(r.id().replaceAll("^.*-d(\\d+)$", "$1"));
  }

  /** The value of {@code values} for a dirty row, by its number among its model's dirty rows. */
  static String pick(List<String> values, LogRow r) {
    return values.get(index(r) % values.size());
  }

  static Instant midnight() {
    return TODAY.atStartOfDay().toInstant(ZoneOffset.UTC);
  }

  /** A clean row of a model: score in (0, 1), x in the baseline's range, label 0 or 1. */
  static LogRow clean(String model, String id, int i) {
    return new LogRow(
        Timestamp.from(midnight()),
        model,
        "v1",
        id,
        (i % 19 + 0.5) / 20,
        1.0 + (i * 7) % 100,
        List.of("a", "b", "c").get(i % 3),
        i % 2);
  }

  static List<Row> cleanRows(String model, int n) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(clean(model, model + "-c" + i, i).row());
    }
    return rows;
  }

  static Specs.Builder spec(String model, String log) {
    return TestData.spec(model, log, dir.resolve("snapshot").toString())
        .column("label", "label")
        .otherSlices("region");
  }

  static void register(String model, String log) throws IOException {
    long t0 = System.nanoTime();
    Path file = dir.resolve(model + ".yaml");
    Files.writeString(file, spec(model, log).yaml());
    Cli.Run r = Cli.run(wh, "monitor", "register", "--spec", file.toString());
    assertEquals(0, r.code(), r.toString());
    long t1 = System.nanoTime();
    Cli.Run b = Cli.run(wh, "baseline", "--model", model);
    assertEquals(0, b.code(), b.toString());
    System.out.printf(
        "setup %s: register %.1f s, baseline %.1f s%n",
        model, (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9);
  }

  @BeforeAll
  static void warehouse() throws IOException {
    long t0 = System.nanoTime();
    SparkSession spark = TestSpark.get();
    long t1 = System.nanoTime();
    wh = TestData.initialisedWarehouse(dir.resolve("wh"));
    System.out.printf(
        "setup: spark %.1f s, init %.1f s%n", (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9);
    List<Row> snap = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      snap.add(RowFactory.create((double) i, List.of("a", "b", "c").get(i % 3), i / 100.0));
    }
    TestData.writeDelta(dir.resolve("snapshot").toString(), snap, TestData.SNAPSHOT, "overwrite");

    // The shared dirty log: dirty1's and dirty2's clean rows, then their cases' rows; dirty3's
    // log, first written clean, gets its clean and dirty rows after registration.
    Map<String, List<Row>> logs = new LinkedHashMap<>();
    for (String m : DIRTY) {
      logs.put(m, new ArrayList<>(cleanRows(m, CLEAN_ROWS)));
    }
    Map<String, Integer> made = new LinkedHashMap<>();
    for (Case c : CASES) {
      for (int i = 0; i < c.rows(); i++) {
        int n = made.merge(c.model(), 1, Integer::sum) - 1;
        logs.get(c.model()).add(c.dirty().apply(clean(c.model(), c.model() + "-d" + n, n)).row());
      }
    }
    String shared = dir.resolve("dirty_log").toString();
    List<Row> sharedRows = new ArrayList<>(logs.get("dirty1"));
    sharedRows.addAll(logs.get("dirty2"));
    TestData.writeDelta(shared, sharedRows, LOG, "overwrite");
    register("dirty1", shared);
    register("dirty2", shared);
    for (String model : List.of("dirty3", "changed", "dropped")) {
      String log = dir.resolve(model + "_log").toString();
      TestData.writeDelta(log, cleanRows(model, 5), LOG, "overwrite");
      register(model, log);
    }
    // changed: x is now a string column (the table's schema overwritten after registration).
    String changed = dir.resolve("changed_log").toString();
    spark
        .read()
        .format("delta")
        .load(changed)
        .withColumn("x", org.apache.spark.sql.functions.col("x").cast("string"))
        .write()
        .format("delta")
        .mode("overwrite")
        .option("overwriteSchema", "true")
        .save(changed);
    // dropped: the table is gone.
    TestData.deleteTree(dir.resolve("dropped_log"));
    // dirty3: rewritten with its clean and dirty rows, and the first version's file vacuumed.
    Path vacuumed = dir.resolve("dirty3_log");
    TestData.writeDelta(vacuumed.toString(), logs.get("dirty3"), LOG, "overwrite");
    String check = "spark.databricks.delta.retentionDurationCheck.enabled";
    spark.conf().set(check, "false");
    try {
      spark.sql("VACUUM delta.`" + vacuumed + "` RETAIN 0 HOURS").collect();
    } finally {
      spark.conf().unset(check);
    }
    try (var files = Files.list(vacuumed)) {
      assertEquals(
          1, files.filter(f -> f.toString().endsWith(".parquet")).count(), "vacuumed files");
    }

    long t2 = System.nanoTime();
    night =
        Cli.run(wh, "nightly", "--from", TODAY.toString(), "--to", TODAY.plusDays(1).toString());
    System.out.printf("setup: nightly %.1f s%n", (System.nanoTime() - t2) / 1e9);
  }

  /** The last nightly run's rejected rows, by model and reason. */
  static Map<String, Long> rejected() {
    Row run =
        TestSpark.get()
            .sql(
                "SELECT status, rejected FROM delta.`"
                    + new Warehouse(wh).location(StewardTables.JOB_RUNS)
                    + "` WHERE command = 'nightly' ORDER BY started_at DESC LIMIT 1")
            .first();
    assertEquals("SUCCEEDED", run.getString(0), night.toString());
    Map<String, Long> out = new LinkedHashMap<>();
    for (Row r : run.<Row>getList(1)) {
      out.put(r.<String>getAs("model_id") + "/" + r.getAs("reason"), r.<Long>getAs("rows"));
    }
    return out;
  }

  /** The rows a model's night of today was computed from (operational row_count, model level). */
  static long rowsToday(String model) {
    List<Row> r =
        TestSpark.get()
            .read()
            .format("delta")
            .load(new Warehouse(wh).location(StewardTables.OPERATIONAL_METRICS))
            .where(
                "metric = 'row_count' AND model_version IS NULL AND granularity = 'DAY'"
                    + " AND dimension IS NULL")
            .where(
                org.apache
                    .spark
                    .sql
                    .functions
                    .col("model_id")
                    .equalTo(model)
                    .and(
                        org.apache
                            .spark
                            .sql
                            .functions
                            .col("window_start")
                            .equalTo(Timestamp.from(midnight()))))
            .select("value")
            .collectAsList();
    return r.isEmpty() ? -1 : Math.round(r.get(0).getDouble(0));
  }

  /** The quoted categories a model's slice figures lack, as written; null when none. */
  static String missingSlices(String model) {
    List<String> have =
        TestSpark.get()
            .read()
            .format("delta")
            .load(new Warehouse(wh).location(StewardTables.PERFORMANCE_METRICS))
            .where(
                org.apache
                    .spark
                    .sql
                    .functions
                    .col("model_id")
                    .equalTo(model)
                    .and(org.apache.spark.sql.functions.col("slice_column").equalTo("region")))
            .select("slice_value")
            .distinct()
            .collectAsList()
            .stream()
            .map(r -> r.getString(0))
            .toList();
    List<String> missing = REGIONS.stream().filter(v -> !have.contains(v)).toList();
    return missing.isEmpty() ? null : "slice values " + missing + " missing from " + have;
  }

  /** Results rows of model ids that are not registered; null when there are none. */
  static String strangerResults() {
    long n =
        TestSpark.get()
            .read()
            .format("delta")
            .load(new Warehouse(wh).location(StewardTables.FEATURE_DRIFT))
            .where(org.apache.spark.sql.functions.col("model_id").isin(MODEL_IDS.toArray()))
            .count();
    return n == 0 ? null : n + " feature_drift rows of unregistered model ids";
  }

  @Test
  void everyDirtyRowIsCountedByReasonAndEveryFigureIsFinite() {
    List<String> failures = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    Map<String, Long> rejected = rejected();
    Set<String> expected = new HashSet<>();
    // Rows each model's night of today must have: clean, plus every case row not in the future
    // and not moved to another model id.
    Map<String, Long> rows = new LinkedHashMap<>();
    for (String m : DIRTY) {
      rows.put(m, (long) CLEAN_ROWS);
    }
    for (Case c : CASES) {
      if (!List.of("future-timestamp", "null-timestamp", "quotes-unicode-in-model-ids")
          .contains(c.name())) {
        rows.merge(c.model(), (long) c.rows(), Long::sum);
      }
    }
    // Skipped models (changed, dropped) make a successful night exit 3, as a new alert does.
    int tried = 1;
    report(
        "run-succeeds",
        null,
        0,
        night.code() == 3 ? null : "nightly exit " + night.code() + " instead of 3",
        lines,
        failures);
    for (Case c : CASES) {
      tried++;
      String problem;
      if (c.reason() == null) {
        // Not bad input: read like any row (no reason of their own: see no-other-rejections).
        problem =
            rowsToday(c.model()) != rows.get(c.model())
                ? "the night of "
                    + c.model()
                    + " has "
                    + rowsToday(c.model())
                    + " rows instead of "
                    + rows.get(c.model())
                : c.name().endsWith("categories")
                    ? missingSlices(c.model())
                    : c.name().endsWith("model-ids") ? strangerResults() : null;
      } else {
        String key = c.model() + "/" + c.reason();
        if (!expected.add(key)) {
          throw new IllegalStateException("two cases count " + key + ": give one another model");
        }
        Long got = rejected.get(key);
        problem =
            got == null || got != c.rows()
                ? c.reason() + " counted " + got + " instead of " + c.rows()
                : null;
      }
      report(c.name(), c.reason(), c.rows(), problem, lines, failures);
    }
    for (Map.Entry<String, String> s : SOURCE_CASES.entrySet()) {
      tried++;
      String model = s.getKey();
      String problem;
      if (s.getValue().isEmpty()) {
        // Read at its latest version, whose file the vacuum kept: every row of it.
        problem =
            rowsToday(model) != rows.get(model)
                ? "the night has " + rowsToday(model) + " rows, not " + rows.get(model)
                : null;
      } else {
        String key = model + "/" + s.getValue();
        expected.add(key);
        List<String> said =
            night
                .err()
                .lines()
                .filter(l -> l.contains(": warning: model " + model + " skipped ("))
                .toList();
        problem =
            !Long.valueOf(0).equals(rejected.get(key))
                ? "job_runs.rejected has " + rejected.get(key) + " for " + key + ", not 0"
                : said.size() != 1
                    ? said.size() + " lines say " + model + " was skipped, not one"
                    : null;
        if (problem == null) {
          lines.add(PREFIX + "case " + model + ": says: " + said.get(0));
        }
      }
      report(
          model.equals("dirty3") ? "vacuumed-source" : model + "-source",
          s.getValue(),
          0,
          problem,
          lines,
          failures);
    }
    tried++;
    Set<String> surprise = new HashSet<>(rejected.keySet());
    surprise.removeAll(expected);
    report(
        "no-other-rejections",
        null,
        0,
        surprise.isEmpty() ? null : "unexpected rejections " + surprise,
        lines,
        failures);
    tried++;
    String infinite = nonFinite();
    report("every-figure-finite", null, 0, infinite, lines, failures);

    System.out.println(PREFIX + tried + " cases tried, " + (tried - failures.size()) + " passed");
    lines.forEach(System.out::println);
    failures.forEach(f -> System.out.println(PREFIX + "FAILED " + f));
    assertTrue(failures.isEmpty(), String.join("\n", failures) + "\n" + night);
  }

  private static void report(
      String name,
      String reason,
      int rows,
      String problem,
      List<String> lines,
      List<String> failures) {
    String what = reason == null ? "" : reason.isEmpty() ? "read " : reason + " " + rows + " ";
    if (problem == null) {
      lines.add(PREFIX + "case " + name + ": " + what + "ok");
    } else {
      lines.add(PREFIX + "case " + name + ": " + what + "FAILED: " + problem);
      failures.add(name + ": " + problem);
    }
  }

  /**
   * Every float or double of every steward table, nested ones included, checked by one query per
   * table: null when all are finite, else the tables and counts of the others. Also fails when the
   * results tables hold no figures of the dirty models (a check of nothing).
   */
  static String nonFinite() {
    SparkSession spark = TestSpark.get();
    Warehouse w = new Warehouse(wh);
    List<String> bad = new ArrayList<>();
    long checked = 0;
    for (TableDef t : StewardTables.ALL) {
      StructType schema = spark.read().format("delta").load(w.location(t)).schema();
      List<String> terms = new ArrayList<>();
      for (StructField f : schema.fields()) {
        String e = notFinite("`" + f.name() + "`", f.dataType(), 0);
        if (e != null) {
          terms.add("count_if(" + e + ")");
        }
      }
      if (terms.isEmpty()) {
        continue;
      }
      Row r =
          spark
              .sql(
                  "SELECT count(*), "
                      + String.join(" + ", terms)
                      + " FROM delta.`"
                      + w.location(t)
                      + "`")
              .first();
      checked += r.getLong(0);
      if (r.getLong(1) != 0) {
        bad.add(t.name() + ": " + r.getLong(1) + " non-finite figure(s)");
      }
    }
    long dirtyFigures =
        spark
            .sql(
                "SELECT count(*) FROM delta.`"
                    + w.location(StewardTables.FEATURE_DRIFT)
                    + "` WHERE model_id LIKE 'dirty%'")
            .first()
            .getLong(0);
    if (dirtyFigures == 0) {
      bad.add("feature_drift has no figures of the dirty models");
    }
    return bad.isEmpty() ? null : String.join("; ", bad) + " (" + checked + " rows checked)";
  }

  /** A SQL test of {@code e} (of type {@code t}) holding a NaN or infinity; null if it cannot. */
  static String notFinite(String e, DataType t, int depth) {
    if (t instanceof DoubleType || t instanceof FloatType) {
      return "coalesce(isnan(" + e + ") OR abs(" + e + ") = double('infinity'), false)";
    }
    if (t instanceof StructType s) {
      List<String> parts = new ArrayList<>();
      for (StructField f : s.fields()) {
        String p = notFinite(e + ".`" + f.name() + "`", f.dataType(), depth);
        if (p != null) {
          parts.add(p);
        }
      }
      return parts.isEmpty() ? null : "(" + String.join(" OR ", parts) + ")";
    }
    if (t instanceof ArrayType a) {
      String v = "v" + depth;
      String p = notFinite(v, a.elementType(), depth + 1);
      return p == null ? null : "coalesce(exists(" + e + ", " + v + " -> " + p + "), false)";
    }
    if (t instanceof MapType m) {
      String p =
          notFinite("map_values(" + e + ")", DataTypes.createArrayType(m.valueType()), depth);
      return p;
    }
    return null;
  }
}
