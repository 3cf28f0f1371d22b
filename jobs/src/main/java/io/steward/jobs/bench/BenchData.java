package io.steward.jobs.bench;

import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The benchmark's warehouse inputs: a portfolio of binary classifiers sharing log tables (five
 * models per table), each row with {@code numeric} numeric and {@code categorical} categorical
 * features, three protected attributes of 4, 6 and 8 groups, latency, status and source; a labels
 * table per log table whose labels arrive during the night for 40% of the predictions; and a
 * training snapshot per model. Generated on the executors from seeded expressions, so a size is the
 * same data every time.
 *
 * <p>With {@code historyNights} above 0 the log tables hold that many nights ending on a Sunday
 * (measured, or the Saturday before it: {@link HistoryNight}), appended as a logger appends: {@link
 * #SLICES_PER_NIGHT} commits a night per log table, each of a quarter of the day's predictions, and
 * a commit a night of the labels that arrived that day; for the Sunday, {@link #appendLateLabels}
 * then adds labels for earlier nights, so that a run of the night also recomputes the nights whose
 * labels changed since the previous run.
 *
 * @param root the data's folder
 * @param shape the portfolio's shape and the night measured in it
 */
record BenchData(String root, BenchShape shape) {

  /** The night alone (no history), a Monday. */
  BenchData(String root, long rows, int models, int numeric, int categorical) {
    this(root, BenchShape.alone(rows, models, numeric, categorical));
  }

  /** Appends per night and log table in a history: a logger writing every six hours. */
  static final int SLICES_PER_NIGHT = 4;

  /** The nights before the measured one whose late labels {@link #appendLateLabels} adds. */
  static final int LATE_LABEL_NIGHTS = 7;

  /** The share of a late-label night's unlabelled predictions that a batch labels. */
  static final double LATE_LABEL_SHARE = 0.05;

  /** What the generated data depends on, for the marker of a complete generation. */
  String signature() {
    return String.format(
        Locale.ROOT,
        "rows=%d models=%d numeric=%d categorical=%d night=%s history_nights=%d layout=%s",
        shape.rows(),
        shape.models(),
        shape.numeric(),
        shape.categorical(),
        shape.lastNight(),
        shape.historyNights(),
        shape.layout().cliName());
  }

  /** The first night in the log tables. */
  LocalDate firstNight() {
    return shape.lastNight().minusDays(Math.max(shape.historyNights(), 1) - 1L);
  }

  static final int MODELS_PER_TABLE = 5;
  static final int SNAPSHOT_ROWS = 20_000;
  static final List<String> PROTECTED = List.of("gender", "age_band", "region");

  int tables() {
    return (shape.models() + MODELS_PER_TABLE - 1) / MODELS_PER_TABLE;
  }

  String model(int m) {
    return String.format(Locale.ROOT, "bench_m%02d", m);
  }

  int tableOf(int m) {
    return m / MODELS_PER_TABLE;
  }

  List<String> modelsOf(int table) {
    List<String> ids = new ArrayList<>();
    for (int m = table * MODELS_PER_TABLE;
        m < Math.min(shape.models(), (table + 1) * MODELS_PER_TABLE);
        m++) {
      ids.add(model(m));
    }
    return ids;
  }

  String log(int table) {
    return root + "/logs/bench_t" + table;
  }

  String labels(int table) {
    return root + "/logs/bench_t" + table + "_labels";
  }

  String snapshot(int m) {
    return root + "/snapshots/" + model(m);
  }

  Path spec(int m) {
    return Path.of(root, "specs", model(m) + ".yaml");
  }

  List<String> numericColumns() {
    List<String> c = new ArrayList<>();
    for (int i = 0; i < shape.numeric(); i++) {
      c.add("f" + i);
    }
    return c;
  }

  List<String> categoricalColumns() {
    List<String> c = new ArrayList<>();
    for (int i = 0; i < shape.categorical(); i++) {
      c.add("c" + i);
    }
    return c;
  }

  /** Values of categorical feature i: 5, 10, 20, 40 or 80 categories. */
  static int categories(int i) {
    return 5 << (i % 5);
  }

  /** The feature expressions over u0..u(numeric-1) (standard normals) and the row id. */
  private List<String> features(boolean snapshot) {
    return features(snapshot, 0);
  }

  /** {@link #features} with every seed moved by {@code seeds} (a slice of a history's own draw). */
  private List<String> features(boolean snapshot, int seeds) {
    List<String> e = new ArrayList<>();
    for (int i = 0; i < shape.numeric(); i++) {
      String shift = snapshot ? "0" : (i % 7 == 0 ? "0.3" : "0");
      e.add(
          "round("
              + (10 * (i + 1))
              + " + "
              + (i + 1)
              + " * (randn("
              + (100 + i + seeds)
              + ") + "
              + shift
              + "), 3) AS f"
              + i);
    }
    for (int i = 0; i < shape.categorical(); i++) {
      String power = snapshot ? "1.0" : (i % 2 == 0 ? "1.3" : "1.0");
      e.add(
          "concat('k', CAST(floor(pow(rand("
              + (200 + i + seeds)
              + "), "
              + power
              + ") * "
              + categories(i)
              + ") AS INT)) AS c"
              + i);
    }
    return e;
  }

  private static final String LOGIT = "(0.8 * (f0 - 10) + 0.5 * (f1 - 20) / 2 + randn(300))";

  /**
   * Writes every table and spec: the log tables at once, one thread each (a history's many small
   * commits wait on the driver more than they compute), saying how many nights are written as they
   * are.
   */
  void write(SparkSession spark, Consumer<String> progress) {
    int total = tables() * Math.max(shape.historyNights(), 1);
    AtomicInteger written = new AtomicInteger();
    IntConsumer nightWritten =
        t -> {
          int n = written.incrementAndGet();
          if (n == total || n % Math.max(1, total / 10) == 0) {
            progress.accept(
                String.format(
                    Locale.ROOT,
                    "bench: %d of %d table-night(s) written (%d log table(s) at once)",
                    n,
                    total,
                    tables()));
          }
        };
    ExecutorService pool = Executors.newFixedThreadPool(tables());
    try {
      List<Future<?>> tables = new ArrayList<>();
      for (int t = 0; t < tables(); t++) {
        int table = t;
        tables.add(pool.submit(() -> writeTable(spark, table, nightWritten)));
      }
      for (Future<?> f : tables) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while generating the bench's data", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("cannot generate the bench's data", e.getCause());
    } finally {
      pool.shutdownNow();
    }
    writeSnapshotsAndSpecs(spark);
  }

  /** Log table {@code t} and its labels, night by night for a history. */
  private void writeTable(SparkSession spark, int t, IntConsumer nightWritten) {
    long perTable = shape.rows() / tables();
    if (shape.historyNights() == 0) {
      Dataset<Row> log = log(spark, t, shape.lastNight(), 0, perTable, 86400, 0);
      log.drop("p", "outcome").write().format("delta").mode("overwrite").save(log(t));
      labelsOf(log).write().format("delta").mode("overwrite").save(labels(t));
      nightWritten.accept(t);
      return;
    }
    long perSlice = perTable / SLICES_PER_NIGHT;
    int seconds = 86400 / SLICES_PER_NIGHT;
    createLog(spark, t);
    int slice = 0;
    for (LocalDate d = firstNight(); !d.isAfter(shape.lastNight()); d = d.plusDays(1)) {
      Dataset<Row> arrived = null;
      for (int s = 0; s < SLICES_PER_NIGHT; s++, slice++) {
        Dataset<Row> log = log(spark, t, d, (long) s * seconds, perSlice, seconds, slice).persist();
        log.drop("p", "outcome").write().format("delta").mode("append").save(log(t));
        Dataset<Row> labels = labelsOf(log).localCheckpoint();
        log.unpersist();
        arrived = arrived == null ? labels : arrived.unionByName(labels);
      }
      arrived
          .write()
          .format("delta")
          .mode(d.equals(firstNight()) ? "overwrite" : "append")
          .save(labels(t));
      nightWritten.accept(t);
    }
    if (shape.layout() == LogLayout.CLUSTERED) {
      spark.sql("OPTIMIZE delta.`" + log(t) + "`");
    }
  }

  /**
   * Creates log table {@code t} of a history, empty, in the {@link #layout}: a folder left by an
   * earlier generation is removed first (a table keeps its partitioning or clustering).
   */
  void createLog(SparkSession spark, int t) {
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(log(t));
    try {
      path.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(path, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + path, e);
    }
    StructType schema =
        log(spark, t, shape.lastNight(), 0, 1, 86400, 0).drop("p", "outcome").schema();
    DeltaTableBuilder table = DeltaTable.create(spark).location(log(t)).addColumns(schema);
    switch (shape.layout()) {
      case ARRIVAL -> {}
      case DATE ->
          table
              .addColumn(
                  DeltaTable.columnBuilder(spark, "event_date")
                      .dataType(DataTypes.DateType)
                      .generatedAlwaysAs("CAST(event_ts AS DATE)")
                      .build())
              .partitionedBy("event_date");
      case CLUSTERED -> table.clusterBy("event_ts");
    }
    table.execute();
  }

  /**
   * Labels for {@link #LATE_LABEL_SHARE} of the still unlabelled predictions of each of the {@link
   * #LATE_LABEL_NIGHTS} nights before the measured one, each a day after its prediction: one commit
   * per labels table, as a batch of late labels arrives. Every call labels other predictions.
   */
  void appendLateLabels(SparkSession spark) {
    if (!shape.lateLabels()) {
      return;
    }
    long start = shape.night().atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    long from = start - LATE_LABEL_NIGHTS * 86400L;
    for (int t = 0; t < tables(); t++) {
      Dataset<Row> labelled = spark.read().format("delta").load(labels(t)).select("prediction_id");
      spark
          .read()
          .format("delta")
          .load(log(t))
          .where(
              "event_ts >= timestamp_seconds("
                  + from
                  + ") AND event_ts < timestamp_seconds("
                  + start
                  + ")")
          .join(labelled, "prediction_id", "left_anti")
          .where("rand() < " + LATE_LABEL_SHARE)
          .selectExpr(
              "prediction_id",
              "CAST(score > 0.5 AS INT) AS label",
              "event_ts + INTERVAL 1 DAY AS labeled_at")
          .write()
          .format("delta")
          .mode("append")
          .save(labels(t));
    }
  }

  /** The labels of 40% of a log's predictions, each arriving within ten minutes of it. */
  private static Dataset<Row> labelsOf(Dataset<Row> log) {
    return log.where("rand(408) < 0.4")
        .selectExpr(
            "prediction_id",
            "outcome AS label",
            "event_ts + make_interval(0, 0, 0, 0, 0, CAST(floor(rand(409) * 600) AS INT), 0)"
                + " AS labeled_at");
  }

  /**
   * {@code count} predictions of log table {@code t} on {@code day}, from {@code offset} seconds
   * into it over {@code seconds}, with their probability {@code p} and outcome; ids and random
   * draws of its own for each {@code slice} of a history.
   */
  private Dataset<Row> log(
      SparkSession spark, int t, LocalDate day, long offset, long count, int seconds, int slice) {
    long start = day.atStartOfDay(ZoneOffset.UTC).toEpochSecond() + offset;
    int first = t * MODELS_PER_TABLE;
    int modelCount = modelsOf(t).size();
    int seeds = 1000 * slice;
    List<String> cols = new ArrayList<>();
    cols.add(
        "timestamp_seconds("
            + start
            + " + CAST(floor(rand("
            + (1 + seeds)
            + ") * "
            + seconds
            + ") AS BIGINT)) AS event_ts");
    cols.add(
        "concat('bench_m', lpad(CAST("
            + first
            + " + id % "
            + modelCount
            + " AS STRING), 2, '0')) AS model_id");
    cols.add("'v1' AS model_version");
    cols.add(
        "concat('t"
            + t
            + "-', "
            + (slice == 0 ? "" : "'s" + slice + "-', ")
            + "id) AS prediction_id");
    cols.addAll(features(false, seeds));
    cols.add(
        "element_at(array('F', 'M', 'X', 'U'), CAST(floor(pow(rand("
            + (400 + seeds)
            + "), 2) * 4) AS INT) + 1) AS gender");
    cols.add(
        "element_at(array('18-25', '26-35', '36-45', '46-55', '56-65', '66+'), CAST(floor(rand("
            + (401 + seeds)
            + ") * 6) AS INT) + 1) AS age_band");
    cols.add("concat('r', CAST(floor(rand(" + (402 + seeds) + ") * 8) AS INT)) AS region");
    cols.add("round(exp(3 + 0.5 * randn(" + (403 + seeds) + ")), 2) AS latency_ms");
    cols.add(
        "CASE WHEN rand("
            + (404 + seeds)
            + ") < 0.01 THEN 'TIMEOUT' WHEN rand("
            + (405 + seeds)
            + ") < 0.005 THEN 'ERROR' ELSE 'OK' END AS status");
    cols.add("concat('bureau_', CAST(floor(rand(" + (406 + seeds) + ") * 3) AS INT)) AS source");
    return spark
        .range(0, count, 1, Math.max(2, (int) (count / 1_000_000)))
        .selectExpr(cols.toArray(String[]::new))
        .selectExpr("*", "1 / (1 + exp(-" + LOGIT + ")) AS p")
        .selectExpr(
            "*", "round(p, 6) AS score", "CAST(rand(" + (407 + seeds) + ") < p AS INT) AS outcome");
  }

  private void writeSnapshotsAndSpecs(SparkSession spark) {
    for (int m = 0; m < shape.models(); m++) {
      List<String> cols = new ArrayList<>(features(true));
      spark
          .range(0, SNAPSHOT_ROWS, 1, 1)
          .selectExpr(cols.toArray(String[]::new))
          .selectExpr("*", "1 / (1 + exp(-" + LOGIT + ")) AS p")
          .selectExpr("*", "round(p, 6) AS score", "CAST(rand(410) < p AS INT) AS label")
          .drop("p")
          .write()
          .format("delta")
          .mode("overwrite")
          .save(snapshot(m));
      writeSpec(m);
    }
  }

  private void writeSpec(int m) {
    String yaml = BenchSpecs.yaml(this, m);
    try {
      Files.createDirectories(spec(m).getParent());
      Files.writeString(spec(m), yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
