package io.steward.jobs.demo;

import static io.steward.jobs.demo.DemoCatalog.CREDIT_V2_DAY;
import static io.steward.jobs.demo.DemoCatalog.LATENCY_REGRESSION_DAY;
import static io.steward.jobs.demo.DemoCatalog.MARKETING_V3_DAY;
import static io.steward.jobs.demo.DemoCatalog.STALE_FEED_DAY;
import static io.steward.jobs.demo.DemoCatalog.STALE_FEED_HOUR;
import static io.steward.jobs.demo.DemoCatalog.lateLabels;
import static io.steward.jobs.demo.DemoCatalog.table;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import io.steward.common.domain.ProblemType;
import io.steward.jobs.demo.DemoCatalog.Column;
import io.steward.jobs.demo.DemoCatalog.LogTable;
import io.steward.jobs.demo.DemoCatalog.Model;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Generates the demo's data from {@link DemoCatalog}: the prediction logs, each prediction's
 * outcome and when it becomes known (days after the prediction, for the classifiers), and each
 * model's training snapshot. All rows are generated on the executors from seeded expressions: the
 * same flags give the same portfolio.
 *
 * <p>This is the one generator of demo data; later metrics extend it rather than adding another.
 */
public final class DemoData {
  private DemoData() {}

  /**
   * An outcome becomes known between these many days after its prediction, most of them early: the
   * lag is {@code min + (max - min) * r^2} for r uniform in [0, 1), so its median is 6.5 days.
   */
  public static final int LABEL_LAG_MIN_DAYS = 2;

  public static final int LABEL_LAG_MAX_DAYS = 20;

  /** Standard deviation of the noise on a classifier's outcome logit, and on a regression's. */
  private static final double LOGIT_NOISE = 0.5;

  private static final double REGRESSION_NOISE = 18.0;

  /**
   * Every row a log table will ever see: {@code rowsPerDay} per model and day for {@code days} days
   * from {@code start} (fewer where a feed stops early), in random order of time within each day,
   * with each prediction's outcome ({@code label}) and when it becomes known ({@code labeled_at}).
   * Split it with {@link #predictions} and {@link #outcomes}.
   */
  public static Dataset<Row> log(
      SparkSession spark,
      String table,
      List<Model> models,
      LocalDate start,
      int days,
      long rowsPerDay,
      long seed) {
    List<Model> here = models.stream().filter(m -> m.table().equals(table)).toList();
    long perModel = rowsPerDay * days;
    Dataset<Row> ids = spark.range(0, perModel * here.size()).toDF("id");
    String modelExpr =
        caseOf("CAST(id div " + perModel + " AS INT)", here.stream().map(Model::id).toList());
    Dataset<Row> base =
        ids.selectExpr(
            "id",
            modelExpr + " AS model_id",
            "CAST((id % " + perModel + ") div " + rowsPerDay + " AS INT) AS day");
    base = withNoise(base, seed + table.hashCode());
    base =
        base.selectExpr("*", "cast(floor(rand(" + (seed + 11) + ") * 86400) AS BIGINT) AS second")
            .where(
                "NOT (model_id = 'marketing_response' AND day >= "
                    + STALE_FEED_DAY
                    + " AND second >= "
                    + STALE_FEED_HOUR * 3600
                    + ")")
            .selectExpr(
                "*",
                "timestamp_seconds(unix_timestamp(to_timestamp('"
                    + start
                    + "')) + day * 86400 + second) AS event_ts");
    return withModelColumns(base, table, here, true, seed);
  }

  /** Columns of the generated log holding a shadow version's score (numbered from 0). */
  static final String SHADOW_SCORE = "shadow_score_";

  /** What the models logged: the generated rows without the outcomes that arrive later. */
  public static Dataset<Row> predictions(Dataset<Row> log, String table) {
    Dataset<Row> out = withoutShadowScores(log);
    return lateLabels(table) ? out.drop("label", "labeled_at") : out.drop("labeled_at");
  }

  /**
   * What the versions in shadow logged beside {@code table}: for each, a row per request it scored
   * with the champion's prediction id, features and time, its own version, score and decision; null
   * when none logs beside it.
   */
  public static Dataset<Row> shadow(Dataset<Row> log, String table, List<Model> models) {
    List<DemoCatalog.ShadowVersion> shadows = DemoCatalog.shadows(table, models);
    Dataset<Row> out = null;
    for (int i = 0; i < shadows.size(); i++) {
      Dataset<Row> v =
          withoutShadowScores(
                  log.where(col(SHADOW_SCORE + i).isNotNull())
                      .withColumn("model_version", lit(shadows.get(i).version()))
                      .withColumn("score", col(SHADOW_SCORE + i))
                      .withColumn(
                          "decision",
                          expr("CASE WHEN " + SHADOW_SCORE + i + " >= 0.5 THEN 1 ELSE 0 END")))
              .drop("label", "labeled_at");
      out = out == null ? v : out.unionByName(v);
    }
    return out;
  }

  private static Dataset<Row> withoutShadowScores(Dataset<Row> log) {
    return log.drop(
        java.util.Arrays.stream(log.columns())
            .filter(c -> c.startsWith(SHADOW_SCORE))
            .toArray(String[]::new));
  }

  /** The outcomes of a late-labelled table: prediction_id, label (0/1), labeled_at. */
  public static Dataset<Row> outcomes(Dataset<Row> log) {
    return log.select("prediction_id", "label", "labeled_at");
  }

  /** A model's training snapshot: the log's distributions without anything injected. */
  public static Dataset<Row> snapshot(SparkSession spark, Model model, long rows, long seed) {
    Dataset<Row> base =
        spark
            .range(0, rows)
            .toDF("id")
            .selectExpr("id", "'" + model.id() + "' AS model_id", "-1 AS day");
    base = withNoise(base, seed + model.id().hashCode());
    return withModelColumns(base, model.table(), List.of(model), false, seed);
  }

  private static Dataset<Row> withNoise(Dataset<Row> base, long seed) {
    List<String> cols = new ArrayList<>(List.of("*"));
    for (int i = 0; i < 10; i++) {
      cols.add("randn(" + (seed + 7919L * i) + ") AS u" + i);
    }
    return base.selectExpr(cols.toArray(String[]::new));
  }

  private static Dataset<Row> withModelColumns(
      Dataset<Row> base, String table, List<Model> models, boolean isLog, long seed) {
    LogTable t = table(table);
    boolean classifier = models.get(0).problem() == ProblemType.BINARY_CLASSIFICATION;
    long s = seed + table.hashCode();
    Dataset<Row> rows =
        base.withColumn(
            "model_version",
            expr(
                "CASE WHEN model_id = 'credit_limit' AND day >= "
                    + CREDIT_V2_DAY
                    + " THEN 'v2' WHEN model_id = 'fraud_detection' AND day >= "
                    + DemoCatalog.FRAUD_V2_DAY
                    + " THEN 'v2' WHEN model_id = 'marketing_response' AND day >= "
                    + MARKETING_V3_DAY
                    + " AND u7 > 1.2 THEN 'v3' WHEN model_id = 'marketing_response' THEN 'v2'"
                    + " ELSE 'v1' END"));
    for (Column c : t.columns()) {
      rows = rows.withColumn(c.name(), expr(c.expression()));
    }
    rows =
        rows.withColumn("signal", expr(caseOf(models, Model::signal)))
            .withColumn("outcome", expr(caseOf(models, Model::outcome)))
            .withColumn("noise", expr("randn(" + (s + 8) + ")"));
    if (classifier) {
      rows =
          rows.withColumn("score", expr("round(1 / (1 + exp(-signal)), 6)"))
              .withColumn(
                  "label",
                  expr(
                      "CASE WHEN rand("
                          + (s + 3)
                          + ") < 1 / (1 + exp(-(outcome + "
                          + LOGIT_NOISE
                          + " * noise))) THEN 1 ELSE 0 END"));
    } else {
      rows =
          rows.withColumn("score", expr("round(signal, 1)"))
              .withColumn("label", expr("round(outcome + " + REGRESSION_NOISE + " * noise, 1)"));
    }
    List<String> features = t.columns().stream().map(Column::name).toList();
    List<String> out = new ArrayList<>(List.of("model_id"));
    if (!isLog) {
      out.addAll(features);
      out.addAll(List.of("score", "label"));
      return rows.selectExpr(out.toArray(String[]::new));
    }
    out.addAll(List.of("event_ts", "model_version", "prediction_id"));
    out.addAll(features);
    out.add("score");
    if (classifier) {
      out.add("decision");
    }
    out.addAll(List.of("label", "latency_ms", "status", "source", "labeled_at"));
    // The scores of the versions in shadow for the same requests, split off by shadow().
    List<DemoCatalog.ShadowVersion> shadows = DemoCatalog.shadows(table, models);
    for (int i = 0; i < shadows.size(); i++) {
      DemoCatalog.ShadowVersion v = shadows.get(i);
      rows =
          rows.withColumn(
              SHADOW_SCORE + i,
              expr(
                  "CASE WHEN model_id = '"
                      + v.model()
                      + "' AND day >= "
                      + v.fromDay()
                      + " AND day < "
                      + v.toDay()
                      + " THEN round(1 / (1 + exp(-("
                      + v.signal()
                      + "))), 6) END"));
      out.add(SHADOW_SCORE + i);
    }
    return rows.withColumn("prediction_id", expr("concat(model_id, '-', cast(id AS STRING))"))
        .withColumn("decision", expr("CASE WHEN score >= 0.5 THEN 1 ELSE 0 END"))
        .withColumn(
            "latency_ms",
            expr(
                "round((18 + abs(randn("
                    + (table.hashCode() + 5)
                    + ")) * 9) * CASE WHEN model_id = 'churn_propensity' AND day >= "
                    + LATENCY_REGRESSION_DAY
                    + " THEN 3 ELSE 1 END, 1)"))
        .withColumn(
            "status",
            expr(
                "CASE WHEN rand("
                    + (table.hashCode() + 6)
                    + ") < 0.002 THEN 'TIMEOUT' ELSE 'OK' END"))
        .withColumn(
            "source",
            expr(
                "CASE WHEN rand("
                    + (table.hashCode() + 7)
                    + ") < 0.7 THEN 'core_banking' ELSE 'mobile_app' END"))
        .withColumn(
            "labeled_at",
            expr(
                "timestamp_seconds(unix_timestamp(event_ts) + cast(86400 * ("
                    + LABEL_LAG_MIN_DAYS
                    + " + "
                    + (LABEL_LAG_MAX_DAYS - LABEL_LAG_MIN_DAYS)
                    + " * pow(rand("
                    + (s + 9)
                    + "), 2)) AS BIGINT))"))
        .selectExpr(out.toArray(String[]::new));
  }

  private static String caseOf(String key, List<String> ids) {
    StringBuilder b = new StringBuilder("CASE");
    for (int i = 0; i < ids.size(); i++) {
      b.append(" WHEN ")
          .append(key)
          .append(" = ")
          .append(i)
          .append(" THEN '")
          .append(ids.get(i))
          .append("'");
    }
    return b.append(" END").toString();
  }

  private static String caseOf(List<Model> models, Function<Model, String> value) {
    StringBuilder b = new StringBuilder("CASE");
    for (Model m : models) {
      b.append(" WHEN model_id = '").append(m.id()).append("' THEN ").append(value.apply(m));
    }
    return b.append(" END").toString();
  }
}
