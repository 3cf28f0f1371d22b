package io.steward.jobs.demo;

import io.steward.common.domain.ProblemType;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The demo bank: a portfolio of credit, fraud, churn, collections and marketing models writing
 * prediction logs to shared Delta tables, each with its training snapshot, and with drift injected
 * into known features from known days so that every figure has something real to show. All data is
 * generated on the executors from seeded expressions: the same flags give the same portfolio.
 *
 * <p>This is the one generator of demo data; later metrics extend it rather than adding another.
 */
public final class DemoPortfolio {
  private DemoPortfolio() {}

  /** A log table shared by one or more models, with the feature expressions they draw from. */
  record LogTable(String name, List<Column> columns) {}

  /** A generated column: its name and its SQL expression over {@code u0..u9} and {@code day}. */
  record Column(String name, String expression) {}

  /**
   * A demo model.
   *
   * @param drift a description of the injected drift, for the summary
   */
  public record Model(
      String id,
      String riskTier,
      ProblemType problem,
      String table,
      List<String> numeric,
      List<String> categorical,
      String scoreLogit,
      String drift) {}

  /** Where the demo writes. */
  public record Layout(String root) {
    public String log(String table) {
      return root + "/logs/" + table;
    }

    public String snapshot(String model) {
      return root + "/snapshots/" + model;
    }

    public String specs() {
      return root + "/specs";
    }
  }

  /** The drift that the demo injects, by day of the log (day 0 is the first night). */
  public static final int INCOME_SHIFT_DAY = 18;

  public static final int NEW_MERCHANTS_DAY = 20;
  public static final int SUPPORT_CALLS_DAY = 12;
  public static final int BALANCE_FEED_BREAK_DAY = 25;
  public static final int AGE_UNIT_BUG_DAY = 15;
  public static final int CREDIT_V2_DAY = 22;

  private static final List<LogTable> TABLES =
      List.of(
          new LogTable(
              "credit_predictions",
              List.of(
                  new Column(
                      "income",
                      "round(exp(10.6 + 0.45 * u0) * CASE WHEN day >= "
                          + INCOME_SHIFT_DAY
                          + " AND model_id = 'credit_limit' THEN 1.35 ELSE 1.0 END, 2)"),
                  new Column("utilization", "round(least(greatest(0.35 + 0.2 * u1, 0.0), 1.0), 4)"),
                  new Column("age", "cast(least(greatest(41 + 12 * u2, 18), 90) AS INT)"),
                  new Column(
                      "credit_score", "cast(least(greatest(690 + 60 * u3, 300), 850) AS INT)"),
                  new Column(
                      "ltv", "cast(least(greatest(0.72 + 0.12 * u4, 0.05), 1.2) AS DECIMAL(6,4))"),
                  new Column("dti", "round(least(greatest(0.31 + 0.09 * u5, 0.0), 0.9), 4)"),
                  new Column(
                      "region",
                      "element_at(array('north','south','east','west','central'),"
                          + " cast(floor(abs(u6) * 1.7) % 5 AS INT) + 1)"),
                  new Column(
                      "employment_type",
                      "CASE WHEN u7 < -0.9 THEN 'self_employed' WHEN u7 < 1.1 THEN 'salaried'"
                          + " WHEN u7 < 1.6 THEN 'contract' ELSE 'retired' END"))),
          new LogTable(
              "fraud_predictions",
              List.of(
                  new Column("amount", "round(exp(3.8 + 1.1 * u0), 2)"),
                  new Column("distance_km", "round(abs(u1) * 35.0, 1)"),
                  new Column("hour_of_day", "cast(floor(abs(u2) * 7.0 + 8) % 24 AS INT)"),
                  new Column(
                      "merchant_category",
                      "CASE WHEN day >= "
                          + NEW_MERCHANTS_DAY
                          + " AND u8 > 0.8 THEN concat('crypto_', cast(floor(abs(u3) * 3) AS INT))"
                          + " ELSE concat('mcc_', lpad(cast(cast(floor(abs(u3) * 9) AS INT) % 24 AS STRING), 2, '0')) END"))),
          new LogTable(
              "customer_predictions",
              List.of(
                  new Column("tenure_months", "cast(greatest(30 + 22 * u0, 1) AS INT)"),
                  new Column("monthly_charges", "round(greatest(65 + 25 * u1, 5.0), 2)"),
                  new Column(
                      "support_calls",
                      "cast(greatest(floor(abs(u2) * 1.5 + CASE WHEN day >= "
                          + SUPPORT_CALLS_DAY
                          + " THEN 2.5 ELSE 0 END), 0) AS INT)"),
                  new Column(
                      "age",
                      "cast(least(greatest(44 + 14 * u3, 18), 95) AS INT) * CASE WHEN day >= "
                          + AGE_UNIT_BUG_DAY
                          + " AND model_id = 'marketing_response' AND u9 > 1.0 THEN 12 ELSE 1 END"),
                  new Column(
                      "contract_type",
                      "CASE WHEN u4 < -0.3 THEN 'monthly' WHEN u4 < 0.9 THEN 'annual' ELSE 'two_year' END"),
                  new Column(
                      "segment",
                      "element_at(array('mass','affluent','student','senior'), cast(floor(abs(u5) * 2.2) % 4 AS INT) + 1)"))),
          new LogTable(
              "collections_predictions",
              List.of(
                  new Column("days_past_due", "cast(greatest(floor(abs(u0) * 40), 1) AS INT)"),
                  new Column(
                      "balance",
                      "CASE WHEN day >= "
                          + BALANCE_FEED_BREAK_DAY
                          + " AND u9 > 0.0 THEN NULL ELSE cast(round(exp(7.5 + 0.8 * u1), 2) AS DECIMAL(12,2)) END"),
                  new Column("promises_broken", "cast(floor(abs(u2) * 1.2) AS INT)"),
                  new Column(
                      "channel",
                      "CASE WHEN u3 < -0.5 THEN 'sms' WHEN u3 < 0.7 THEN 'call' ELSE 'letter' END"))));

  public static final List<Model> MODELS =
      List.of(
          new Model(
              "credit_limit",
              "CRITICAL",
              ProblemType.BINARY_CLASSIFICATION,
              "credit_predictions",
              List.of("income", "utilization", "age"),
              List.of("region", "employment_type"),
              "-0.8 + 0.9 * u0 - 1.2 * u1 + 0.2 * u2",
              "income up 35% from day "
                  + INCOME_SHIFT_DAY
                  + "; version v2 from day "
                  + CREDIT_V2_DAY),
          new Model(
              "fraud_detection",
              "HIGH",
              ProblemType.BINARY_CLASSIFICATION,
              "fraud_predictions",
              List.of("amount", "distance_km", "hour_of_day"),
              List.of("merchant_category"),
              "-2.5 + 1.1 * u0 + 0.8 * abs(u1)",
              "unseen merchant categories from day " + NEW_MERCHANTS_DAY),
          new Model(
              "mortgage_pd",
              "HIGH",
              ProblemType.BINARY_CLASSIFICATION,
              "credit_predictions",
              List.of("ltv", "dti", "credit_score", "income"),
              List.of("region"),
              "-2.0 + 1.4 * u4 + 0.9 * u5 - 1.1 * u3",
              "none (control)"),
          new Model(
              "churn_propensity",
              "MEDIUM",
              ProblemType.BINARY_CLASSIFICATION,
              "customer_predictions",
              List.of("tenure_months", "monthly_charges", "support_calls"),
              List.of("contract_type"),
              "-1.0 - 0.7 * u0 + 0.5 * u1 + 0.6 * abs(u2)",
              "support calls up from day " + SUPPORT_CALLS_DAY),
          new Model(
              "marketing_response",
              "LOW",
              ProblemType.BINARY_CLASSIFICATION,
              "customer_predictions",
              List.of("age", "monthly_charges"),
              List.of("segment"),
              "-1.5 + 0.4 * u3 + 0.3 * u5",
              "age in months (out of range) for some rows from day " + AGE_UNIT_BUG_DAY),
          new Model(
              "collections_priority",
              "MEDIUM",
              ProblemType.REGRESSION,
              "collections_predictions",
              List.of("days_past_due", "balance", "promises_broken"),
              List.of("channel"),
              "0.02 * abs(u0) * 40 + 0.3 * u1",
              "balance feed breaks (nulls) from day " + BALANCE_FEED_BREAK_DAY));

  /** The first {@code n} demo models; more than the six named ones are copies with new ids. */
  public static List<Model> models(int n) {
    List<Model> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Model base = MODELS.get(i % MODELS.size());
      out.add(
          i < MODELS.size()
              ? base
              : new Model(
                  base.id() + "_" + (i / MODELS.size() + 1),
                  base.riskTier(),
                  base.problem(),
                  base.table(),
                  base.numeric(),
                  base.categorical(),
                  base.scoreLogit(),
                  base.drift()));
    }
    return out;
  }

  /** Log tables used by these models. */
  public static List<String> tables(List<Model> models) {
    return models.stream().map(Model::table).distinct().toList();
  }

  /**
   * Prediction log rows of one table: {@code rowsPerDay} per model and day for {@code days} days
   * from {@code start}, in random order of time within each day.
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
        base.selectExpr(
            "*",
            "timestamp_seconds(unix_timestamp(to_timestamp('"
                + start
                + "')) + day * 86400 + cast(floor(rand("
                + (seed + 11)
                + ") * 86400) AS BIGINT)) AS event_ts");
    return withModelColumns(base, table, here, true);
  }

  /** A model's training snapshot: the log's distributions without any injected drift. */
  public static Dataset<Row> snapshot(SparkSession spark, Model model, long rows, long seed) {
    Dataset<Row> base =
        spark
            .range(0, rows)
            .toDF("id")
            .selectExpr("id", "'" + model.id() + "' AS model_id", "-1 AS day");
    base = withNoise(base, seed + model.id().hashCode());
    return withModelColumns(base, model.table(), List.of(model), false)
        .drop(
            "event_ts",
            "model_version",
            "latency_ms",
            "status",
            "source",
            "decision",
            "prediction_id");
  }

  private static Dataset<Row> withNoise(Dataset<Row> base, long seed) {
    List<String> cols = new ArrayList<>(List.of("*"));
    for (int i = 0; i < 10; i++) {
      cols.add("randn(" + (seed + 7919L * i) + ") AS u" + i);
    }
    return base.selectExpr(cols.toArray(String[]::new));
  }

  private static Dataset<Row> withModelColumns(
      Dataset<Row> base, String table, List<Model> models, boolean isLog) {
    LogTable t = TABLES.stream().filter(x -> x.name().equals(table)).findFirst().orElseThrow();
    List<String> cols = new ArrayList<>();
    cols.add("model_id");
    if (isLog) {
      cols.add("event_ts");
      cols.add(
          "CASE WHEN model_id = 'credit_limit' AND day >= "
              + CREDIT_V2_DAY
              + " THEN 'v2' ELSE 'v1' END AS model_version");
      cols.add("concat(model_id, '-', cast(id AS STRING)) AS prediction_id");
    }
    for (Column c : t.columns()) {
      cols.add(c.expression() + " AS " + c.name());
    }
    String logit =
        caseOf(
            "model_id",
            models.stream().map(Model::id).toList(),
            models.stream().map(Model::scoreLogit).toList());
    cols.add("round(1 / (1 + exp(-(" + logit + "))), 6) AS score");
    cols.add(
        "CASE WHEN rand("
            + (table.hashCode() + 3)
            + ") < 1 / (1 + exp(-("
            + logit
            + "))) THEN 1 ELSE 0 END AS label");
    Dataset<Row> withScore = base.selectExpr(cols.toArray(String[]::new));
    if (!isLog) {
      return withScore;
    }
    return withScore.selectExpr(
        "*",
        "CASE WHEN score >= 0.5 THEN 1 ELSE 0 END AS decision",
        "round(18 + abs(randn(" + (table.hashCode() + 5) + ")) * 9, 1) AS latency_ms",
        "CASE WHEN rand("
            + (table.hashCode() + 6)
            + ") < 0.004 THEN 'TIMEOUT' ELSE 'OK' END AS status",
        "CASE WHEN rand("
            + (table.hashCode() + 7)
            + ") < 0.7 THEN 'core_banking' ELSE 'mobile_app' END AS source");
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

  private static String caseOf(String key, List<String> ids, List<String> values) {
    StringBuilder b = new StringBuilder("CASE");
    for (int i = 0; i < ids.size(); i++) {
      b.append(" WHEN ")
          .append(key)
          .append(" = '")
          .append(ids.get(i))
          .append("' THEN ")
          .append(values.get(i));
    }
    return b.append(" END").toString();
  }

  /** The monitor spec of a demo model, pinned to a version of its snapshot. */
  public static String spec(Model m, Layout layout, long snapshotVersion) {
    String problem = m.problem().specName();
    return String.format(
        Locale.ROOT,
        """
        # %s (risk tier %s). Injected drift: %s
        model_id: %s
        problem_type: %s
        predictions:
          table: delta.`%s`
          timestamp: event_ts
          model_id: model_id
          model_version: model_version
          prediction_id: prediction_id
          score: score
          prediction: decision
          label: label
          latency_ms: latency_ms
          status: status
          source: source
        features:
          numeric: [%s]
          categorical: [%s]
        baseline:
          table: delta.`%s`
          version: %d
          label: label
          score: score
        decision_threshold: 0.5
        favorable_prediction: 1
        min_group_size: 30
        """,
        m.id(),
        m.riskTier(),
        m.drift(),
        m.id(),
        problem,
        layout.log(m.table()),
        String.join(", ", m.numeric()),
        String.join(", ", m.categorical()),
        layout.snapshot(m.id()),
        snapshotVersion);
  }
}
