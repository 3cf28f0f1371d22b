package io.steward.jobs.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The benchmark's warehouse inputs: a portfolio of binary classifiers sharing log tables (five
 * models per table), each row with {@code numeric} numeric and {@code categorical} categorical
 * features, three protected attributes of 4, 6 and 8 groups, latency, status and source; a labels
 * table per log table whose labels arrive during the night for 40% of the predictions; and a
 * training snapshot per model. Generated on the executors from seeded expressions, so a size is the
 * same data every time.
 *
 * @param rows predictions in the measured night, over all models
 */
record BenchData(
    String root, long rows, int models, int numeric, int categorical, LocalDate night) {

  static final int MODELS_PER_TABLE = 5;
  static final int SNAPSHOT_ROWS = 20_000;
  static final List<String> PROTECTED = List.of("gender", "age_band", "region");

  int tables() {
    return (models + MODELS_PER_TABLE - 1) / MODELS_PER_TABLE;
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
        m < Math.min(models, (table + 1) * MODELS_PER_TABLE);
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
    for (int i = 0; i < numeric; i++) {
      c.add("f" + i);
    }
    return c;
  }

  List<String> categoricalColumns() {
    List<String> c = new ArrayList<>();
    for (int i = 0; i < categorical; i++) {
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
    List<String> e = new ArrayList<>();
    for (int i = 0; i < numeric; i++) {
      String shift = snapshot ? "0" : (i % 7 == 0 ? "0.3" : "0");
      e.add(
          "round("
              + (10 * (i + 1))
              + " + "
              + (i + 1)
              + " * (randn("
              + (100 + i)
              + ") + "
              + shift
              + "), 3) AS f"
              + i);
    }
    for (int i = 0; i < categorical; i++) {
      String power = snapshot ? "1.0" : (i % 2 == 0 ? "1.3" : "1.0");
      e.add(
          "concat('k', CAST(floor(pow(rand("
              + (200 + i)
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

  /** Writes every table and spec. */
  void write(SparkSession spark) {
    long perTable = rows / tables();
    long start = night.atStartOfDay(java.time.ZoneOffset.UTC).toEpochSecond();
    for (int t = 0; t < tables(); t++) {
      int first = t * MODELS_PER_TABLE;
      int count = modelsOf(t).size();
      List<String> cols = new ArrayList<>();
      cols.add(
          "timestamp_seconds(" + start + " + CAST(floor(rand(1) * 86400) AS BIGINT)) AS event_ts");
      cols.add(
          "concat('bench_m', lpad(CAST("
              + first
              + " + id % "
              + count
              + " AS STRING), 2, '0')) AS model_id");
      cols.add("'v1' AS model_version");
      cols.add("concat('t" + t + "-', id) AS prediction_id");
      cols.addAll(features(false));
      cols.add(
          "element_at(array('F', 'M', 'X', 'U'), CAST(floor(pow(rand(400), 2) * 4) AS INT) + 1) AS gender");
      cols.add(
          "element_at(array('18-25', '26-35', '36-45', '46-55', '56-65', '66+'), CAST(floor(rand(401) * 6) AS INT) + 1) AS age_band");
      cols.add("concat('r', CAST(floor(rand(402) * 8) AS INT)) AS region");
      cols.add("round(exp(3 + 0.5 * randn(403)), 2) AS latency_ms");
      cols.add(
          "CASE WHEN rand(404) < 0.01 THEN 'TIMEOUT' WHEN rand(405) < 0.005 THEN 'ERROR' ELSE 'OK' END AS status");
      cols.add("concat('bureau_', CAST(floor(rand(406) * 3) AS INT)) AS source");
      Dataset<Row> log =
          spark
              .range(0, perTable, 1, Math.max(2, (int) (perTable / 1_000_000)))
              .selectExpr(cols.toArray(String[]::new))
              .selectExpr("*", "1 / (1 + exp(-" + LOGIT + ")) AS p")
              .selectExpr("*", "round(p, 6) AS score", "CAST(rand(407) < p AS INT) AS outcome");
      log.drop("p", "outcome").write().format("delta").mode("overwrite").save(log(t));
      log.where("rand(408) < 0.4")
          .selectExpr(
              "prediction_id",
              "outcome AS label",
              "event_ts + make_interval(0, 0, 0, 0, 0, CAST(floor(rand(409) * 600) AS INT), 0)"
                  + " AS labeled_at")
          .write()
          .format("delta")
          .mode("overwrite")
          .save(labels(t));
    }
    for (int m = 0; m < models; m++) {
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
