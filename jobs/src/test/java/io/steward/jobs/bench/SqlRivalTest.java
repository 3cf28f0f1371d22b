package io.steward.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.common.domain.TimeWindow;
import io.steward.common.metrics.drift.ModelBaseline;
import io.steward.jobs.StewardContext;
import io.steward.jobs.baseline.BaselineAction;
import io.steward.jobs.monitor.RegisterMonitorAction;
import io.steward.jobs.nightly.NightlyAction;
import io.steward.jobs.warehouse.InitAction;
import io.steward.registry.store.BaselineStore;
import io.steward.registry.store.ResultsHistory;
import io.steward.registry.testing.TestSpark;
import io.steward.registry.warehouse.CatalogNames;
import io.steward.registry.warehouse.Warehouse;
import java.io.PrintWriter;
import java.io.StringWriter;
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
 * The SQL rival against Steward on the bench's smoke night (20,000 rows, 2 models, 4 numeric and 2
 * categorical features), generated and run in this JVM as the bench does with {@code --rounds 0}:
 * every figure Steward wrote has the rival's, within its family's tolerance, and the number
 * compared is what the data's shape implies.
 */
class SqlRivalTest {
  @TempDir Path dir;

  @Test
  void rivalAgreesWithStewardOnEveryFigure() {
    SparkSession spark = TestSpark.get();
    Warehouse wh = new Warehouse(dir.resolve("wh").toString());
    CatalogNames.register(spark, wh);
    StringWriter log = new StringWriter();
    StewardContext ctx =
        new StewardContext(
            spark, wh, "bench", new PrintWriter(log, true), new PrintWriter(log, true));
    BenchData data =
        new BenchData(dir.resolve("data").toString(), 20_000, 2, 4, 2, BenchAction.NIGHT);
    List<String> models = List.of(data.model(0), data.model(1));
    data.write(spark);
    InitAction.run(ctx);
    for (int m = 0; m < data.models(); m++) {
      RegisterMonitorAction.run(ctx, data.spec(m));
      BaselineAction.run(ctx, data.model(m));
    }
    NightlyAction.run(
        ctx, new NightlyAction.Params(TimeWindow.night(BenchAction.NIGHT), List.of()));
    Map<String, ModelBaseline> baselines = new HashMap<>();
    BaselineStore.load(spark, wh, models).forEach((k, v) -> baselines.put(k, v.baseline()));

    Map<String, Double> steward =
        StewardFigures.read(new ResultsHistory(spark, wh, TimeWindow.night(BenchAction.NIGHT)));
    Map<String, Double> rival = SqlRival.figures(spark, data, baselines);
    Agreement a = Agreement.of(steward, rival, Agreement.Scope.EVERY);
    // The summary on the test's output: the worst difference of each family at this size.
    System.out.println(a.summary());
    assertTrue(a.agree(), a.summary());

    // What the shape implies, per model (one version each):
    Dataset<Row> night = spark.read().format("delta").load(data.log(0));
    long groups = 0;
    for (String c : BenchData.PROTECTED) {
      groups += night.select(c).distinct().count();
    }
    long errorStatuses = night.select("status").distinct().where("status NOT IN ('OK')").count();
    long sources = night.select("source").distinct().count();
    int features = data.numeric() + data.categorical() + 1; // and the score's drift
    int attributes = BenchData.PROTECTED.size();
    long drift = features * 5L; // psi, missing, out-of-range or new-category rate, 2 counts
    long binaryMetrics = 7; // auc, accuracy, precision, recall, f1, log_loss, brier
    long performance = (1 + groups) * (binaryMetrics * 2 + 1) + 2 * 2; // value and n, coverage
    long fairness = groups * 6 + attributes * 4L; // n and 5 rates per group, 4 gaps
    long operations = 1 + 3 + 1 + errorStatuses + sources * 2 + 2 + 2; // + model level
    long perModel = drift + performance + fairness + operations;
    assertEquals(data.models() * perModel, a.compared(), a.summary());
    assertEquals(a.compared(), steward.size());
  }
}
