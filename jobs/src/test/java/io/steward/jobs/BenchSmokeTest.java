package io.steward.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.jobs.bench.ResultsFile;
import io.steward.registry.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark harness at a small size: the three paths run on the same generated night and
 * steward's figures agree with the naive program's (PSI and selection rates exactly, the binned AUC
 * within 1e-4). Timings are printed, never asserted.
 */
class BenchSmokeTest {
  @TempDir Path dir;

  @Test
  void floorStewardAndNaiveAgreeOnASmallNight() throws Exception {
    Path results = dir.resolve("results.csv");
    Cli.Run r =
        Cli.run(
            dir.resolve("wh").toString(),
            "bench",
            "--rows",
            "20000",
            "--models",
            "2",
            "--numeric",
            "4",
            "--categorical",
            "2",
            "--dir",
            dir.resolve("data").toString(),
            "--results",
            results.toString(),
            "--commit",
            "smoke",
            "--rounds",
            "1");
    assertEquals(0, r.code(), r.toString());
    List<String> lines = r.out().lines().toList();
    String agreement =
        lines.stream().filter(l -> l.startsWith("agreement:")).findFirst().orElseThrow();
    assertTrue(agreement.endsWith(": agree"), agreement);
    // 2 models: 6 PSI, 1 + 18 AUC and 18 selection rates each.
    assertTrue(agreement.startsWith("agreement: 86 figures"), agreement);
    assertTrue(
        lines
            .get(lines.size() - 1)
            .matches(
                "steward/floor=\\d+\\.\\d\\d naive/steward=\\d+\\.\\d heap_mb=\\d+ rows=20000"),
        lines.get(lines.size() - 1));

    List<String> csv = Files.readAllLines(results);
    assertEquals(2, csv.size(), csv.toString());
    assertEquals(ResultsFile.HEADER, csv.get(0));
    String[] fields = csv.get(1).split(",", -1);
    assertEquals(ResultsFile.HEADER.split(",").length, fields.length, csv.get(1));
    assertEquals("smoke", fields[0]);
    assertEquals("20000", fields[2]);
    assertTrue(Double.parseDouble(fields[fields.length - 1]) > 0, csv.get(1));

    // The measured run replaced the warm-up's results: one row per model, feature and night.
    Dataset<Row> drift =
        TestSpark.get()
            .read()
            .format("delta")
            .load(dir.resolve("wh").resolve("steward/feature_drift").toString())
            .where("granularity = 'DAY'");
    long psi = drift.count();
    assertTrue(psi >= 12, "2 models x 6 features, got " + psi);
    assertEquals(psi, drift.select("model_id", "feature", "window_start").distinct().count());
  }

  @Test
  void untimedRunsWriteNoResultsLine() {
    Cli.Run r =
        Cli.run(
            dir.resolve("wh").toString(),
            "bench",
            "--dir",
            dir.resolve("data").toString(),
            "--rounds",
            "0",
            "--results",
            dir.resolve("results.csv").toString());
    assertEquals(2, r.code(), r.toString());
    assertEquals(
        "steward: error: option --rounds is '0' but must be 1 or more when --results is given",
        r.err().strip());
    assertFalse(Files.exists(dir.resolve("results.csv")));
  }
}
