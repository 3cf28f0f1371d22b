package io.steward.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.common.testing.Specs;
import io.steward.registry.testing.TestSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the nightly job on generated data with every awkward case at once (nulls, NaN, ties,
 * integers, decimals, more than 50 categories, unseen categories, values out of range) and compares
 * every drift figure with an independent implementation of the same definitions
 * (scripts/crosscheck/drift_reference.py, numpy), to 1e-6.
 *
 * <p>Needs the Python environment that scripts/test creates (.venv at the repository root), or
 * -Dsteward.python=/path/to/python with numpy and pyarrow.
 */
class DriftCrossCheckTest {
  @TempDir Path dir;

  private static final double TOLERANCE = 1e-6;

  @Test
  void everyFigureMatchesTheReferenceImplementation() throws Exception {
    SparkSession spark = TestSpark.get();
    String wh = TestData.initialisedWarehouse(dir.resolve("wh"));
    String log = dir.resolve("log").toString();
    String snapshot = dir.resolve("snapshot").toString();

    Dataset<Row> base =
        spark
            .range(0, 6000)
            .selectExpr(
                "CASE WHEN rand(1) < 0.03 THEN NULL WHEN rand(2) < 0.02 THEN double('NaN')"
                    + " ELSE 50 + 10 * randn(3) END AS d",
                "CAST(floor(rand(4) * 20) AS INT) AS i",
                "CAST(round(rand(5) * 100, 3) AS DECIMAL(10,3)) AS dec",
                "round(randn(6), 0) AS tied",
                "CASE WHEN rand(7) < 0.03 THEN NULL ELSE concat('k', CAST(floor(pow(rand(8), 2) * 70) AS INT)) END AS cat",
                "CASE WHEN rand(9) < 0.6 THEN 'y' ELSE 'n' END AS flag",
                "rand(10) AS score");
    base.coalesce(2).write().format("delta").save(snapshot);

    Dataset<Row> current =
        spark
            .range(0, 3500)
            .selectExpr(
                "CASE WHEN id < 3000 THEN timestamp_seconds(1772409600 + id * 17)"
                    + " ELSE timestamp_seconds(1772409600 - 100 - id) END AS event_ts",
                "'xc' AS model_id",
                "CASE WHEN id % 3 = 0 THEN 'v2' ELSE 'v1' END AS model_version",
                "concat('p', id) AS prediction_id",
                "pow(rand(11), 1.5) AS score",
                "1 AS decision",
                "CASE WHEN rand(12) < 0.08 THEN NULL WHEN rand(13) < 0.03 THEN double('NaN')"
                    + " ELSE 55 + 12 * randn(14) END AS d",
                "CAST(floor(rand(15) * 25) AS INT) AS i",
                "CAST(round(rand(16) * 110 - 5, 3) AS DECIMAL(10,3)) AS dec",
                "round(randn(17) + 0.3, 0) AS tied",
                "CASE WHEN rand(18) < 0.05 THEN NULL ELSE concat('k', CAST(floor(pow(rand(19), 1.5) * 85) AS INT)) END AS cat",
                "CASE WHEN rand(20) < 0.4 THEN 'y' WHEN rand(21) < 0.5 THEN 'maybe' ELSE 'n' END AS flag");
    current.coalesce(2).write().format("delta").save(log);

    Path spec = dir.resolve("xc.yaml");
    Files.writeString(
        spec,
        Specs.binary("xc")
            .predictions(Specs.delta(log))
            .column("prediction", "decision")
            .numeric("d", "i", "dec", "tied")
            .categorical("cat", "flag")
            .baseline(Specs.delta(snapshot))
            .yaml());
    Cli.Run empty = Cli.run(wh, "nightly", "--date", "2026-03-02");
    assertEquals(2, empty.code(), empty.toString());
    assertEquals(
        "steward: error: no monitors are registered in this warehouse; register one with: steward"
            + " monitor register --spec FILE.yaml",
        empty.lastErr());
    for (String[] args :
        List.of(
            new String[] {"monitor", "register", "--spec", spec.toString()},
            new String[] {"baseline", "--model", "xc"},
            new String[] {"nightly", "--date", "2026-03-02"})) {
      Cli.Run r = Cli.run(wh, args);
      assertEquals(0, r.code(), r.toString());
    }

    for (String version : List.of("v1", "v2")) {
      Path currentRows = dir.resolve("current-" + version);
      spark
          .read()
          .format("delta")
          .load(log)
          .where(
              "event_ts >= TIMESTAMP '2026-03-02 00:00:00' AND event_ts < TIMESTAMP '2026-03-03"
                  + " 00:00:00' AND model_version = '"
                  + version
                  + "'")
          .write()
          .parquet(currentRows.toString());
      Path baselineRows = dir.resolve("baseline-rows");
      if (!Files.exists(baselineRows)) {
        spark.read().format("delta").load(snapshot).write().parquet(baselineRows.toString());
      }
      Path config = dir.resolve("config.json");
      Files.writeString(
          config,
          "{\"numeric\": [\"d\", \"i\", \"dec\", \"tied\"], \"categorical\": [\"cat\", \"flag\"],"
              + " \"score\": {\"current\": \"score\", \"baseline\": \"score\"}}");
      Path out = dir.resolve("reference-" + version + ".csv");
      runReference(baselineRows, currentRows, config, out);

      Map<String, Row> ours = new HashMap<>();
      for (Row r :
          spark
              .sql(
                  "SELECT * FROM delta.`"
                      + wh
                      + "/steward/feature_drift` WHERE model_id = 'xc' AND model_version = '"
                      + version
                      + "'")
              .collectAsList()) {
        ours.put(r.getAs("feature"), r);
      }
      List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
      List<String> header = List.of(lines.get(0).split(",", -1));
      assertEquals(7, lines.size() - 1, "features in the reference output");
      assertEquals(7, ours.size(), "features in steward.feature_drift");
      int compared = 0;
      for (String line : lines.subList(1, lines.size())) {
        String[] cells = line.split(",", -1);
        Map<String, String> ref = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
          ref.put(header.get(i), cells[i]);
        }
        Row mine = ours.get(ref.get("feature"));
        assertNotNull(mine, "steward has no row for " + ref.get("feature"));
        for (String metric :
            List.of("psi", "missing_rate", "out_of_range_rate", "new_category_rate")) {
          String expected = ref.get(metric);
          Object actual = mine.getAs(metric);
          String where = version + " " + ref.get("feature") + "." + metric;
          if (expected.isEmpty()) {
            assertEquals(null, actual, where);
          } else {
            assertNotNull(actual, where);
            assertEquals(Double.parseDouble(expected), (Double) actual, TOLERANCE, where);
            compared++;
          }
        }
        assertEquals(Long.parseLong(ref.get("row_count")), mine.<Long>getAs("row_count"));
        assertEquals(
            Long.parseLong(ref.get("baseline_row_count")), mine.<Long>getAs("baseline_row_count"));
        assertEquals(Integer.parseInt(ref.get("bin_count")), mine.<Integer>getAs("bin_count"));
      }
      assertTrue(compared >= 7 * 2, "figures compared: " + compared);
    }
  }

  private static void runReference(Path baseline, Path current, Path config, Path out)
      throws IOException, InterruptedException {
    ReferencePython.run(
        "drift_reference.py",
        "--baseline",
        baseline.toString(),
        "--current",
        current.toString(),
        "--config",
        config.toString(),
        "--out",
        out.toString());
  }
}
