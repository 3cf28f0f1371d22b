package io.steward.jobs.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.steward.common.domain.FeatureType;
import io.steward.common.metrics.drift.FeatureBaseline;
import io.steward.common.metrics.drift.ModelBaseline;
import io.steward.jobs.StewardContext;
import io.steward.registry.store.BaselineStore;
import io.steward.registry.tables.StewardTables;
import io.steward.registry.tables.TableDef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The same figures the way a straightforward Spark program computes them: the night's rows of a
 * table joined to their labels and cached, then per model one aggregation per feature for PSI, one
 * MLlib {@link BinaryClassificationEvaluator} per model and per slice group for the AUC, and one
 * aggregation per protected attribute for the selection rates. The figures are keyed as {@link
 * StewardFigures#key} keys them; they are a subset of Steward's, compared with {@link
 * Agreement.Scope#RIVAL_KEYS}.
 */
final class Naive {
  private Naive() {}

  /**
   * Every table's night joined to its labels and cached, then its models' figures; the baselines
   * are read from the warehouse first.
   */
  static Map<String, Double> figures(StewardContext ctx, BenchData data) {
    SparkSession spark = ctx.spark();
    Map<String, ModelBaseline> baselines = baselines(ctx, data);
    Map<String, Double> out = new HashMap<>();
    for (int t = 0; t < data.tables(); t++) {
      Dataset<Row> labels =
          spark.read().format("delta").load(data.labels(t)).select("prediction_id", "label");
      Dataset<Row> night =
          Floors.night(spark, data, t).join(labels, "prediction_id", "left").cache();
      out.putAll(figures(night, data.modelsOf(t), baselines));
      night.unpersist();
      ctx.progress("bench: naive-loop, table " + (t + 1) + " of " + data.tables());
    }
    return out;
  }

  /**
   * Every bench model's baseline, read from the warehouse (both rivals need the same reference).
   */
  static Map<String, ModelBaseline> baselines(StewardContext ctx, BenchData data) {
    List<String> models = new ArrayList<>();
    for (int m = 0; m < data.shape().models(); m++) {
      models.add(data.model(m));
    }
    Map<String, ModelBaseline> baselines = new HashMap<>();
    BaselineStore.load(ctx.spark(), ctx.warehouse(), models)
        .forEach((k, v) -> baselines.put(k, v.baseline()));
    return baselines;
  }

  static Map<String, Double> figures(
      Dataset<Row> night, List<String> models, Map<String, ModelBaseline> baselines) {
    Map<String, Double> out = new HashMap<>();
    BinaryClassificationEvaluator evaluator =
        new BinaryClassificationEvaluator()
            .setMetricName("areaUnderROC")
            .setRawPredictionCol("score")
            .setLabelCol("label_d")
            .setNumBins(0);
    for (String m : models) {
      Dataset<Row> rows = night.where(col("model_id").equalTo(m));
      ModelBaseline b = baselines.get(m);
      for (FeatureBaseline f : b.features()) {
        if (f.feature().startsWith("__")) {
          continue;
        }
        out.put(key(StewardTables.FEATURE_DRIFT, "psi", m, f.feature(), null), psi(rows, f));
      }
      Dataset<Row> labelled =
          rows.where(col("label").isNotNull()).withColumn("label_d", col("label").cast("double"));
      out.put(
          key(StewardTables.PERFORMANCE_METRICS, "auc", m, null, null),
          evaluator.evaluate(labelled));
      for (String c : BenchData.PROTECTED) {
        for (Row g : rows.select(c).distinct().collectAsList()) {
          String value = g.getString(0);
          Dataset<Row> group = labelled.where(col(c).equalTo(value));
          out.put(
              key(StewardTables.PERFORMANCE_METRICS, "auc", m, c, value),
              evaluator.evaluate(group));
        }
        for (Row r :
            rows.groupBy(c)
                .agg(
                    sum(when(col("score").geq(0.5), 1).otherwise(0)).as("fav"),
                    count(lit(1)).as("n"))
                .collectAsList()) {
          out.put(
              key(StewardTables.FAIRNESS_METRICS, "selection_rate", m, c, r.getString(0)),
              r.getLong(1) / (double) r.getLong(2));
        }
      }
    }
    return out;
  }

  /** A figure's key ({@link StewardFigures#key}); every bench model serves version v1. */
  private static String key(
      TableDef table, String metric, String model, String column, String group) {
    return StewardFigures.key(table.name(), metric, model, "v1", column, group);
  }

  /** PSI of one feature, bins as defined in docs/metrics.md, from one aggregation. */
  private static double psi(Dataset<Row> rows, FeatureBaseline f) {
    Column bin;
    int bins = f.binCount();
    if (f.type() == FeatureType.NUMERIC) {
      Column v = col(f.feature()).cast("double");
      bin = when(v.isNull().or(isnan(v)), lit(-1));
      for (int i = 0; i < f.edges().size(); i++) {
        bin = bin.when(v.leq(f.edges().get(i)), lit(i));
      }
      bin = bin.otherwise(lit(bins - 1));
    } else {
      Column v = col(f.feature()).cast("string");
      bin = when(v.isNull(), lit(-1));
      for (int i = 0; i < f.categories().size(); i++) {
        bin = bin.when(v.equalTo(f.categories().get(i)), lit(i));
      }
      bin = bin.otherwise(lit(bins - 1));
    }
    long[] counts = new long[bins];
    long total = 0;
    for (Row r : rows.groupBy(bin.as("bin")).count().collectAsList()) {
      int i = r.getInt(0);
      if (i >= 0) {
        counts[i] = r.getLong(1);
        total += r.getLong(1);
      }
    }
    double psi = 0;
    for (int i = 0; i < bins; i++) {
      double a = counts[i] == 0 ? 1e-4 : counts[i] / (double) total;
      double e = f.expected().get(i) == 0 ? 1e-4 : f.expected().get(i);
      psi += (a - e) * Math.log(a / e);
    }
    return psi;
  }
}
