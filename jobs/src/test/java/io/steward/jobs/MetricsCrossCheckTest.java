package io.steward.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.steward.common.testing.Specs;
import io.steward.registry.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the nightly job on generated data and compares its performance and fairness figures with
 * scikit-learn and Fairlearn (scripts/crosscheck/metrics_reference.py): to 1e-6 where the
 * definition is exact; the AUC of unrounded scores, which the job bins, to 1e-4.
 *
 * <p>Three models share one log: {@code xq} (scores with three decimals, late labels from a labels
 * table, protected gender and age band with their intersection, a rare group suppressed), {@code
 * xf} (unrounded scores) and {@code xr} (regression with inline labels).
 */
class MetricsCrossCheckTest {
  @TempDir static Path dir;
  static String wh;
  static String log;
  static final double EXACT = 1e-6;
  static final double BINNED_AUC = 1e-4;
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void run() throws Exception {
    SparkSession spark = TestSpark.get();
    wh = TestData.initialisedWarehouse(dir.resolve("wh"));
    log = dir.resolve("log").toString();
    String labels = dir.resolve("labels").toString();
    String snapshot = dir.resolve("snapshot").toString();
    spark
        .range(0, 12000)
        .selectExpr(
            "timestamp_seconds(1772409600 + (id % 4000) * 21) AS event_ts",
            "CASE floor(id / 4000) WHEN 0 THEN 'xq' WHEN 1 THEN 'xf' ELSE 'xr' END AS model_id",
            "CASE WHEN id % 4 = 0 THEN 'v2' ELSE 'v1' END AS model_version",
            "concat('p', id) AS prediction_id",
            "randn(1) AS z",
            "CASE WHEN rand(2) < 0.01 THEN 'X' WHEN rand(3) < 0.5 THEN 'F' ELSE 'M' END AS gender",
            "element_at(array('18-25', '26-40', '41-60', '60+'), CAST(floor(rand(4) * 4) AS INT)"
                + " + 1) AS age_band",
            "element_at(array('north', 'south', 'east'), CAST(floor(rand(5) * 3) AS INT) + 1)"
                + " AS region")
        .selectExpr(
            "*",
            "1 / (1 + exp(-(z + CASE WHEN gender = 'F' THEN 0.4 ELSE 0 END"
                + " - CASE WHEN age_band = '18-25' THEN 0.6 ELSE 0 END))) AS p")
        .selectExpr(
            "*",
            "CASE WHEN model_id = 'xq' THEN round(p, 3) ELSE p END AS score",
            "CASE WHEN rand(6) < p THEN 1 ELSE 0 END AS outcome",
            "CASE WHEN model_id = 'xr' THEN 3 * z + randn(7) END AS amount",
            "CASE WHEN model_id = 'xr' THEN 3 * z + 0.2 END AS amount_hat",
            "z AS x")
        .selectExpr(
            "*",
            "CASE WHEN model_id = 'xr' AND rand(8) < 0.1 THEN NULL ELSE amount END AS amount_seen")
        .write()
        .format("delta")
        .save(log);
    // Late labels for 85% of xq's predictions and all of xf's.
    spark
        .read()
        .format("delta")
        .load(log)
        .where("model_id = 'xf' OR (model_id = 'xq' AND rand(9) < 0.85)")
        .selectExpr("prediction_id", "outcome", "event_ts + INTERVAL 3 DAYS AS labeled_at")
        .write()
        .format("delta")
        .save(labels);
    spark
        .range(0, 3000)
        .selectExpr("randn(10) AS x", "rand(11) AS score", "CAST(rand(12) < 0.4 AS INT) AS label")
        .selectExpr("*", "3 * x AS amount_hat", "3 * x + randn(13) AS amount")
        .write()
        .format("delta")
        .save(snapshot);

    Path xq = dir.resolve("xq.yaml");
    Files.writeString(xq, binarySpec("xq", labels, snapshot));
    Path xf = dir.resolve("xf.yaml");
    Files.writeString(xf, binarySpec("xf", labels, snapshot));
    Path xr = dir.resolve("xr.yaml");
    Files.writeString(
        xr,
        Specs.regression("xr")
            .predictions(Specs.delta(log))
            .column("prediction", "amount_hat")
            .column("label", "amount_seen")
            .numeric("x")
            .otherSlices("region")
            .baseline(Specs.delta(snapshot))
            .baselineLabel("amount")
            .baselineScore("amount_hat")
            .yaml());
    for (String[] args :
        List.of(
            new String[] {"monitor", "register", "--spec", xq.toString()},
            new String[] {"monitor", "register", "--spec", xf.toString()},
            new String[] {"monitor", "register", "--spec", xr.toString()},
            new String[] {"baseline", "--model", "xq"},
            new String[] {"baseline", "--model", "xf"},
            new String[] {"baseline", "--model", "xr"},
            new String[] {"nightly", "--date", "2026-03-02"})) {
      Cli.Run r = Cli.run(wh, args);
      assertEquals(0, r.code(), r.toString());
    }
    // A label arrives for one of xq's unlabelled predictions: the labels table, which xq and xf
    // share, changes; the rerun must find the id among the predictions of either model.
    spark
        .read()
        .format("delta")
        .load(log)
        .where("model_id = 'xq'")
        .join(
            spark.read().format("delta").load(labels).select("prediction_id"),
            "prediction_id",
            "left_anti")
        .limit(1)
        .selectExpr("prediction_id", "outcome", "event_ts + INTERVAL 4 DAYS AS labeled_at")
        .write()
        .format("delta")
        .mode("append")
        .save(labels);
    Cli.Run rerun = Cli.run(wh, "nightly", "--date", "2026-03-02");
    assertEquals(0, rerun.code(), rerun.toString());
  }

  @Test
  void aLabelsTableSharedByTwoModelsCountsNoLabelWithoutItsPrediction() {
    Row run =
        TestSpark.get()
            .sql(
                "SELECT rejected, inputs FROM delta.`"
                    + wh
                    + "/steward/job_runs` WHERE status = 'SUCCEEDED' ORDER BY started_at DESC"
                    + " LIMIT 1")
            .first();
    assertTrue(run.getList(0).isEmpty(), run.toString());
    assertTrue(run.toString().contains("label lookup"), run.toString());
  }

  static String binarySpec(String model, String labels, String snapshot) {
    return Specs.binary(model)
        .predictions(Specs.delta(log))
        .labels(Specs.delta(labels))
        .labelTimestamp("labeled_at")
        .numeric("x")
        .protectedSlices("gender", "age_band")
        .intersection("gender", "age_band")
        .otherSlices("region")
        .baseline(Specs.delta(snapshot))
        .baselineLabel("label")
        .set("decision_threshold", 0.5)
        .set("favorable_prediction", 1)
        .set("min_group_size", 50)
        .yaml();
  }

  /** Writes the model version's window rows, labels joined, and runs the reference on them. */
  static JsonNode reference(String model, String version, String config) throws Exception {
    SparkSession spark = TestSpark.get();
    Dataset<Row> rows =
        spark
            .read()
            .format("delta")
            .load(log)
            .where("model_id = '" + model + "' AND model_version = '" + version + "'");
    if (!model.equals("xr")) {
      Dataset<Row> labels = spark.read().format("delta").load(dir.resolve("labels").toString());
      rows =
          rows.drop("outcome")
              .join(labels.select("prediction_id", "outcome"), "prediction_id", "left");
    }
    Path parquet = dir.resolve("rows-" + model + "-" + version);
    rows.write().parquet(parquet.toString());
    Path configFile = dir.resolve("config-" + model + "-" + version + ".json");
    Files.writeString(configFile, config);
    Path out = dir.resolve("out-" + model + "-" + version + ".json");
    ReferencePython.run(
        "metrics_reference.py",
        "--rows",
        parquet.toString(),
        "--config",
        configFile.toString(),
        "--out",
        out.toString());
    return JSON.readTree(out.toFile());
  }

  static Map<String, Row> ours(String table, String model, String version, String... keys) {
    Map<String, Row> m = new HashMap<>();
    for (Row r :
        TestSpark.get()
            .sql(
                "SELECT * FROM delta.`"
                    + wh
                    + "/steward/"
                    + table
                    + "` WHERE model_id = '"
                    + model
                    + "' AND model_version = '"
                    + version
                    + "' AND granularity = 'DAY'")
            .collectAsList()) {
      StringBuilder k = new StringBuilder();
      for (String f : keys) {
        k.append(r.isNullAt(r.fieldIndex(f)) ? "-" : r.getAs(f).toString()).append('/');
      }
      m.put(k.toString(), r);
    }
    return m;
  }

  static void same(JsonNode expected, Row mine, String what, double tolerance) {
    assertNotNull(mine, "steward has no row for " + what);
    Object v = mine.getAs("value");
    if (expected == null || expected.isNull()) {
      assertEquals(null, v, what);
    } else {
      assertNotNull(v, what);
      assertEquals(expected.asDouble(), (Double) v, tolerance, what);
    }
  }

  static final String BINARY_CONFIG =
      """
      {"problem_type": "binary_classification", "score": "score", "prediction": null,
       "label": "outcome", "decision_threshold": 0.5, "favorable_prediction": "1",
       "protected": ["gender", "age_band"], "intersections": [["gender", "age_band"]],
       "other_slices": ["region"], "min_group_size": 50}
      """;

  void binary(String model, double aucTolerance) throws Exception {
    int compared = 0;
    for (String version : List.of("v1", "v2")) {
      JsonNode ref = reference(model, version, BINARY_CONFIG);
      Map<String, Row> perf =
          ours("performance_metrics", model, version, "metric", "slice_column", "slice_value");
      for (String metric :
          List.of("auc", "accuracy", "precision", "recall", "f1", "log_loss", "brier")) {
        double tolerance = metric.equals("auc") ? aucTolerance : EXACT;
        same(
            ref.at("/overall/" + metric),
            perf.get(metric + "/-/-/"),
            model + version + metric,
            tolerance);
        Row overall = perf.get(metric + "/-/-/");
        assertEquals(
            ref.at("/overall/label_coverage").asDouble(),
            overall.getDouble(overall.fieldIndex("label_coverage")),
            EXACT);
        compared++;
        var regions = ref.at("/slices/region").properties().iterator();
        while (regions.hasNext()) {
          var g = regions.next();
          same(
              g.getValue().get(metric),
              perf.get(metric + "/region/" + g.getKey() + "/"),
              model + version + metric + " region " + g.getKey(),
              tolerance);
          compared++;
        }
      }
      Map<String, Row> fair =
          ours("fairness_metrics", model, version, "attribute", "group_value", "metric");
      var attributes = ref.get("fairness").properties().iterator();
      int suppressed = 0;
      while (attributes.hasNext()) {
        var a = attributes.next();
        String attribute = a.getKey();
        for (String metric :
            List.of(
                "demographic_parity_ratio",
                "demographic_parity_difference",
                "equalized_odds_difference",
                "accuracy_disparity")) {
          same(
              a.getValue().get(metric),
              fair.get(attribute + "/-/" + metric + "/"),
              model + version + attribute + " " + metric,
              EXACT);
          compared++;
        }
        var groups = a.getValue().get("groups").properties().iterator();
        while (groups.hasNext()) {
          var g = groups.next();
          String prefix = attribute + "/" + g.getKey() + "/";
          Row n = fair.get(prefix + "n/");
          assertNotNull(n, prefix);
          assertEquals(g.getValue().get("n").asDouble(), n.getDouble(n.fieldIndex("value")));
          boolean isSuppressed = g.getValue().get("suppressed").asBoolean();
          assertEquals(isSuppressed, n.getBoolean(n.fieldIndex("suppressed")), prefix);
          if (isSuppressed) {
            suppressed++;
            continue;
          }
          for (String metric : List.of("selection_rate", "tpr", "fpr", "accuracy")) {
            same(
                g.getValue().get(metric),
                fair.get(prefix + metric + "/"),
                model + prefix + metric,
                EXACT);
            compared++;
          }
        }
      }
      assertTrue(suppressed > 0, "the rare group X is suppressed in " + model + version);
    }
    assertTrue(compared > 150, "figures compared: " + compared);
  }

  @Test
  void binaryFiguresWithRoundedScoresMatchExactly() throws Exception {
    binary("xq", EXACT);
  }

  @Test
  void binaryFiguresWithUnroundedScoresMatchAndTheBinnedAucIsWithinItsBound() throws Exception {
    binary("xf", BINNED_AUC);
  }

  @Test
  void regressionFiguresMatch() throws Exception {
    String config =
        """
        {"problem_type": "regression", "score": null, "prediction": "amount_hat",
         "label": "amount_seen", "protected": [], "intersections": [], "other_slices": ["region"],
         "min_group_size": 50}
        """;
    for (String version : List.of("v1", "v2")) {
      JsonNode ref = reference("xr", version, config);
      Map<String, Row> perf =
          ours("performance_metrics", "xr", version, "metric", "slice_column", "slice_value");
      for (String metric : List.of("rmse", "mae", "r2")) {
        same(ref.at("/overall/" + metric), perf.get(metric + "/-/-/"), version + metric, EXACT);
        var regions = ref.at("/slices/region").properties().iterator();
        while (regions.hasNext()) {
          var g = regions.next();
          same(
              g.getValue().get(metric),
              perf.get(metric + "/region/" + g.getKey() + "/"),
              version + metric + g.getKey(),
              EXACT);
        }
      }
      Row rmse = perf.get("rmse/-/-/");
      assertEquals(ref.at("/overall/n").asLong(), rmse.getLong(rmse.fieldIndex("n")));
    }
  }
}
