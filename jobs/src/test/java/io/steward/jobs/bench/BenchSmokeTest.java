package io.steward.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.common.domain.TimeWindow;
import io.steward.jobs.Cli;
import io.steward.jobs.StewardContext;
import io.steward.jobs.TestData;
import io.steward.registry.store.ResultsHistory;
import io.steward.registry.testing.TestSpark;
import io.steward.registry.warehouse.Warehouse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark at a small size: one round of floor-labels in a fresh child JVM, reported in the
 * last line and the results file, leaving no label files behind; then, in this JVM, the
 * heap-sampled Steward night as its untimed child runs it ({@code bench run-one --heap-watch}), the
 * floor, and the rivals' figures against Steward's: the naive loop's (PSI and selection rates
 * exactly, the binned AUC within 1e-4) and the SQL rival's, every figure. The children's mechanism
 * is the same for every program, so one child of the cheapest program that reads the labels proves
 * it; that a rerun replaces a night's results is NightlyEndToEndTest's. Timings are printed, never
 * asserted.
 */
class BenchSmokeTest {
  @TempDir Path dir;

  /** The bench's data shape here: 20,000 rows, 2 models of 4 numeric and 2 categorical features. */
  static final List<String> SHAPE =
      List.of("--rows", "20000", "--models", "2", "--numeric", "4", "--categorical", "2");

  static String[] withShape(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(SHAPE);
    return all.toArray(String[]::new);
  }

  @Test
  void aChildTimesTheFloorAndBothRivalsAgreeWithSteward() throws Exception {
    Path results = dir.resolve("results.csv");
    // The test JVM's initialised warehouse (a file copy): the bench's init then has nothing to do.
    String wh = TestData.initialisedWarehouse(dir.resolve("wh"));
    Cli.Run r =
        Cli.run(
            wh,
            withShape(
                "bench",
                "--dir",
                dir.toString(),
                "--results",
                results.toString(),
                "--commit",
                "smoke",
                "--rounds",
                "1",
                "--programs",
                "floor-labels"));
    assertEquals(0, r.code(), r.toString());
    List<String> lines = r.out().lines().toList();
    assertEquals(
        "steward/floor cold=- warm=- sql/steward=- heap_mb=- rows=20000",
        lines.get(lines.size() - 1),
        r.toString());
    assertTrue(r.err().contains("round 1/1: floor-labels cold "), r.err());
    assertTrue(
        lines.contains("agreement: not checked (no program computing the night's figures ran)"),
        r.out());
    // The child's floor with labels leaves no label files behind.
    Path scratch = dir.resolve("wh").resolve("_steward_scratch");
    try (Stream<Path> left = Files.exists(scratch) ? Files.list(scratch) : Stream.empty()) {
      assertEquals(List.of(), left.toList());
    }

    List<String> csv = Files.readAllLines(results);
    assertEquals(2, csv.size(), csv.toString());
    assertEquals(ResultsFile.HEADER, csv.get(0));
    String[] fields = csv.get(1).split(",", -1);
    assertEquals(ResultsFile.COLUMNS.size(), fields.length, csv.get(1));
    assertEquals("smoke", fields[0]);
    assertEquals("20000", cell(fields, "rows"));
    assertEquals("1", cell(fields, "rounds"));
    assertEquals("4096", cell(fields, "child_heap_mb"));
    assertEquals("0", cell(fields, "history_nights"));
    assertEquals("2026-03-02", cell(fields, "night"), "the night alone, a Monday");
    for (String c :
        List.of(
            "floor_labels_cold_s",
            "floor_labels_warm_s",
            "floor_labels_cold_cpu_s",
            "floor_labels_warm_cpu_s")) {
      assertTrue(Double.parseDouble(cell(fields, c)) > 0, c + " in " + csv.get(1));
    }
    for (String c :
        List.of("floor_cold_s", "steward_cold_s", "steward_floor_cold", "heap_mb", "agree")) {
      assertEquals("", cell(fields, c), c + " in " + csv.get(1));
    }

    // In this JVM, Steward's night as the bench's untimed child runs it: the live heap sampled.
    Cli.Run heap =
        Cli.run(
            wh,
            withShape(
                "bench",
                "run-one",
                "--program",
                "steward",
                "--heap-watch",
                "--dir",
                dir.toString()));
    assertEquals(0, heap.code(), heap.toString());
    ChildResult sampled = ChildResult.parse(heap.out().strip());
    assertTrue(Double.isNaN(sampled.coldWall()), heap.out());
    assertTrue(sampled.heapMb() > 0, heap.out());
    assertTrue(heap.err().contains("bench: steward (heap sampled, untimed) "), heap.err());

    // One row per model, feature and night.
    Dataset<Row> drift =
        TestSpark.get()
            .read()
            .format("delta")
            .load(dir.resolve("wh").resolve("steward/feature_drift").toString())
            .where("granularity = 'DAY'");
    long psi = drift.count();
    assertTrue(psi >= 12, "2 models x 6 features, got " + psi);
    assertEquals(psi, drift.select("model_id", "feature", "window_start").distinct().count());

    StewardContext ctx =
        StewardContext.open(
            new Warehouse(wh),
            new PrintWriter(new StringWriter()),
            new PrintWriter(new StringWriter()));
    BenchData data = new BenchData(dir.resolve("data").toString(), 20000, 2, 4, 2);
    assertEquals(Map.of(), Program.FLOOR.run(ctx, data));
    // The naive loop on the first model: a bench night of one model reads the same log table, so
    // its rows are picked out of both models' (6 PSI, 1 + 18 AUC and 18 selection rates).
    BenchData first =
        new BenchData(
            data.root(),
            data.shape().rows(),
            1,
            data.shape().numeric(),
            data.shape().categorical());
    Agreement a =
        Agreement.of(
            Agreement.stewardFigures(
                new ResultsHistory(
                    ctx.spark(), ctx.warehouse(), TimeWindow.night(data.shape().night()))),
            Program.NAIVE_LOOP.run(ctx, first),
            Agreement.Scope.RIVAL_KEYS);
    long groups = groups(ctx.spark(), data);
    assertEquals(4 + 6 + 8, groups);
    assertEquals(
        data.shape().numeric() + data.shape().categorical() + 1 + 2 * groups, a.compared());
    assertTrue(a.agree(), a.toString());

    // And the SQL rival on every figure Steward wrote, as many as the data's shape implies.
    Map<String, Double> steward =
        StewardFigures.read(
            new ResultsHistory(
                ctx.spark(), ctx.warehouse(), TimeWindow.night(data.shape().night())));
    Agreement every = Agreement.of(steward, Program.SQL.run(ctx, data), Agreement.Scope.EVERY);
    System.out.println(every.summary());
    assertTrue(every.agree(), every.summary());
    assertEquals(
        data.shape().models() * figuresPerModel(ctx.spark(), data, groups), every.compared());
    assertEquals(every.compared(), steward.size());
  }

  /**
   * The figures Steward writes per model of the bench night (one version each), with {@code groups}
   * groups of the protected attributes.
   */
  private static long figuresPerModel(SparkSession spark, BenchData data, long groups) {
    Dataset<Row> night = spark.read().format("delta").load(data.log(0));
    long errorStatuses = night.select("status").distinct().where("status NOT IN ('OK')").count();
    long sources = night.select("source").distinct().count();
    int features = data.shape().numeric() + data.shape().categorical() + 1; // and the score's drift
    int attributes = BenchData.PROTECTED.size();
    long drift = features * 5L; // psi, missing, out-of-range or new-category rate, 2 counts
    long binaryMetrics = 7; // auc, accuracy, precision, recall, f1, log_loss, brier
    long performance = (1 + groups) * (binaryMetrics * 2 + 1) + 2 * 2; // value and n, coverage
    long fairness = groups * 6 + attributes * 4L; // n and 5 rates per group, 4 gaps
    long operations = 1 + 3 + 1 + errorStatuses + sources * 2 + 2 + 2; // + model level
    return drift + performance + fairness + operations;
  }

  /** The protected attributes' groups in the bench night, over every attribute. */
  private static long groups(SparkSession spark, BenchData data) {
    Dataset<Row> night = spark.read().format("delta").load(data.log(0));
    long groups = 0;
    for (String c : BenchData.PROTECTED) {
      groups += night.select(c).distinct().count();
    }
    return groups;
  }

  @Test
  void badInputIsOneErrorLineAndWritesNothing() {
    String wh = dir.resolve("wh").toString();
    for (String[] c :
        List.of(
            new String[] {
              "--rounds",
              "0",
              "--results",
              dir.resolve("results.csv").toString(),
              "option --rounds is '0' but must be 1 or more when --results is given"
            },
            new String[] {"--rounds", "-1", "option --rounds is '-1' but must be between 0 and 20"},
            new String[] {
              "--programs",
              "floor,spark",
              "option --programs is 'spark' but must be a list of: floor, floor-labels, steward,"
                  + " sql, naive-loop"
            },
            new String[] {
              "--programs",
              "floor,naive-loop",
              "option --programs is 'floor,naive-loop' but must be a list with steward when it"
                  + " has naive-loop (their figures are compared)"
            },
            new String[] {
              "--heap",
              "4GB",
              "option --heap is '4GB' but must be a heap size of 256m"
                  + " or more, such as 4g or 1536m"
            })) {
      String[] args = new String[c.length + 1];
      args[0] = "bench";
      args[1] = "--dir=" + dir.resolve("data");
      System.arraycopy(c, 0, args, 2, c.length - 1);
      Cli.Run r = Cli.run(wh, args);
      assertEquals(2, r.code(), r.toString());
      assertEquals("steward: error: " + c[c.length - 1], r.err().strip());
    }
    Cli.Run r = Cli.run(wh, "bench", "--rounds", "1");
    assertEquals(2, r.code(), r.toString());
    assertEquals(
        "steward: error: option --dir is missing: give the folder where the benchmark data is"
            + " kept",
        r.err().strip());
    assertFalse(Files.exists(dir.resolve("results.csv")));
    assertFalse(Files.exists(dir.resolve("data")));
  }

  private static String cell(String[] fields, String column) {
    return fields[ResultsFile.COLUMNS.indexOf(column)];
  }
}
