package io.steward.jobs.demo;

import static org.apache.spark.sql.functions.expr;

import io.steward.common.domain.ProblemType;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The demo bank: a portfolio of credit, fraud, churn, collections and marketing models writing
 * prediction logs to shared Delta tables, each with its training snapshot and, for the classifiers,
 * outcomes that arrive days after their predictions. Drift, performance decay, a fairness gap, a
 * latency regression and a stale feed are injected from known days so that every figure has
 * something real to show. All data is generated on the executors from seeded expressions: the same
 * flags give the same portfolio.
 *
 * <p>This is the one generator of demo data; later metrics extend it rather than adding another.
 */
public final class DemoPortfolio {
  private DemoPortfolio() {}

  /**
   * A log table shared by one or more models, with the columns they draw from.
   *
   * @param lateLabels whether its outcomes arrive later in a labels table (classifiers) rather than
   *     inline in the log (regression)
   */
  record LogTable(String name, boolean lateLabels, List<Column> columns) {}

  /**
   * A generated column: its name and its SQL expression over {@code u0..u9}, {@code day}, {@code
   * model_id}, {@code model_version} and the table's earlier columns.
   */
  record Column(String name, String expression) {}

  /**
   * A demo model.
   *
   * @param protectedAttributes the fairness slices (their intersection is monitored too)
   * @param otherSlices the slices with performance per group
   * @param signal SQL of what the model computes: the logit of its score for a classifier, the
   *     predicted value for a regression (over the same names as a {@link Column}'s expression)
   * @param outcome SQL of what the truth follows, before noise: the logit of the outcome for a
   *     classifier, its mean for a regression; {@code signal} where the model is right
   * @param injected a description of what the demo injects, for the summary
   */
  public record Model(
      String id,
      String riskTier,
      ProblemType problem,
      String table,
      List<String> numeric,
      List<String> categorical,
      List<String> protectedAttributes,
      List<String> otherSlices,
      String signal,
      String outcome,
      String injected) {}

  /** Where the demo writes. */
  public record Layout(String root) {
    public String log(String table) {
      return root + "/logs/" + table;
    }

    /** The labels table of a log table's classifiers. */
    public String outcomes(String table) {
      return root + "/logs/" + table + "_outcomes";
    }

    public String snapshot(String model) {
      return root + "/snapshots/" + model;
    }

    public String specs() {
      return root + "/specs";
    }
  }

  /** What the demo injects, by day of the log (day 0 is the first night). */
  public static final int INCOME_SHIFT_DAY = 18;

  public static final int NEW_MERCHANTS_DAY = 20;
  public static final int SUPPORT_CALLS_DAY = 12;
  public static final int BALANCE_FEED_BREAK_DAY = 25;
  public static final int AGE_UNIT_BUG_DAY = 15;

  /** credit_limit v2 from this day, which approves applicants aged 18-25 much less often. */
  public static final int CREDIT_V2_DAY = 22;

  /** fraud_detection's score loses most of its power: fraud follows a pattern it does not see. */
  public static final int PERFORMANCE_DECAY_DAY = 14;

  /** churn_propensity's latency triples. */
  public static final int LATENCY_REGRESSION_DAY = 17;

  /** marketing_response logs nothing after {@link #STALE_FEED_HOUR}:00 UTC. */
  public static final int STALE_FEED_DAY = 26;

  public static final int STALE_FEED_HOUR = 14;

  /**
   * An outcome becomes known between these many days after its prediction, most of them early: the
   * lag is {@code min + (max - min) * r^2} for r uniform in [0, 1), so its median is 6.5 days.
   */
  public static final int LABEL_LAG_MIN_DAYS = 2;

  public static final int LABEL_LAG_MAX_DAYS = 20;

  /** The monitors' freshness SLA. */
  public static final double FRESHNESS_SLA_HOURS = 4;

  /** Standard deviation of the noise on a classifier's outcome logit, and on a regression's. */
  private static final double LOGIT_NOISE = 0.5;

  private static final double REGRESSION_NOISE = 18.0;

  /** The logit penalty credit_limit v2 gives applicants aged 18-25, which the truth lacks. */
  private static final double V2_YOUTH_PENALTY = 0.8;

  private static final String CREDIT_SIGNAL = "-0.6 + 0.9 * u0 - 1.2 * u1";
  private static final String FRAUD_SIGNAL = "-2.5 + 1.1 * u0 + 0.8 * abs(u1)";

  private static final List<LogTable> TABLES =
      List.of(
          new LogTable(
              "credit_predictions",
              true,
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
                          + " WHEN u7 < 1.6 THEN 'contract' ELSE 'retired' END"),
                  new Column(
                      "gender",
                      "CASE WHEN u8 > 2.33 THEN 'undisclosed' WHEN u8 > 0 THEN 'male'"
                          + " ELSE 'female' END"),
                  new Column(
                      "age_band",
                      "CASE WHEN age <= 25 THEN '18-25' WHEN age <= 35 THEN '26-35'"
                          + " WHEN age <= 50 THEN '36-50' ELSE '51+' END"))),
          new LogTable(
              "fraud_predictions",
              true,
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
              true,
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
              false,
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
              List.of("gender", "age_band"),
              List.of("region"),
              CREDIT_SIGNAL
                  + " - CASE WHEN model_version = 'v2' AND age <= 25 THEN "
                  + V2_YOUTH_PENALTY
                  + " ELSE 0 END",
              CREDIT_SIGNAL,
              "income up 35% from day "
                  + INCOME_SHIFT_DAY
                  + "; v2 from day "
                  + CREDIT_V2_DAY
                  + " approves age 18-25 less often"),
          new Model(
              "fraud_detection",
              "HIGH",
              ProblemType.BINARY_CLASSIFICATION,
              "fraud_predictions",
              List.of("amount", "distance_km", "hour_of_day"),
              List.of("merchant_category"),
              List.of(),
              List.of(),
              FRAUD_SIGNAL,
              "CASE WHEN day >= "
                  + PERFORMANCE_DECAY_DAY
                  + " THEN -2.5 + 0.3 * (1.1 * u0 + 0.8 * abs(u1)) + 1.2 * u9 ELSE signal END",
              "score loses power from day "
                  + PERFORMANCE_DECAY_DAY
                  + "; unseen merchant categories from day "
                  + NEW_MERCHANTS_DAY),
          new Model(
              "mortgage_pd",
              "HIGH",
              ProblemType.BINARY_CLASSIFICATION,
              "credit_predictions",
              List.of("ltv", "dti", "credit_score", "income"),
              List.of("region"),
              List.of(),
              List.of(),
              "-2.0 + 1.0 * u4 + 0.7 * u5 - 0.8 * u3",
              "signal",
              "none (control)"),
          new Model(
              "churn_propensity",
              "MEDIUM",
              ProblemType.BINARY_CLASSIFICATION,
              "customer_predictions",
              List.of("tenure_months", "monthly_charges", "support_calls"),
              List.of("contract_type"),
              List.of(),
              List.of(),
              "-1.0 - 1.1 * u0 + 0.8 * u1 + 0.8 * abs(u2)",
              "signal",
              "support calls up from day "
                  + SUPPORT_CALLS_DAY
                  + "; latency x3 from day "
                  + LATENCY_REGRESSION_DAY),
          new Model(
              "marketing_response",
              "LOW",
              ProblemType.BINARY_CLASSIFICATION,
              "customer_predictions",
              List.of("age", "monthly_charges"),
              List.of("segment"),
              List.of(),
              List.of(),
              "-1.5 + 1.0 * u3 + 1.0 * u5",
              "signal",
              "age in months for some rows from day "
                  + AGE_UNIT_BUG_DAY
                  + "; feed stops at "
                  + STALE_FEED_HOUR
                  + ":00 from day "
                  + STALE_FEED_DAY),
          new Model(
              "collections_priority",
              "MEDIUM",
              ProblemType.REGRESSION,
              "collections_predictions",
              List.of("days_past_due", "balance", "promises_broken"),
              List.of("channel"),
              List.of(),
              List.of(),
              "40 + 0.5 * days_past_due + 8 * promises_broken + 6 * u1",
              "signal",
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
                  base.protectedAttributes(),
                  base.otherSlices(),
                  base.signal(),
                  base.outcome(),
                  base.injected()));
    }
    return out;
  }

  /** Log tables used by these models. */
  public static List<String> tables(List<Model> models) {
    return models.stream().map(Model::table).distinct().toList();
  }

  /** Whether a log table's outcomes arrive later in its labels table (else inline in the log). */
  public static boolean lateLabels(String table) {
    return table(table).lateLabels();
  }

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

  /** What the models logged: the generated rows without the outcomes that arrive later. */
  public static Dataset<Row> predictions(Dataset<Row> log, String table) {
    return lateLabels(table) ? log.drop("label", "labeled_at") : log.drop("labeled_at");
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

  private static LogTable table(String name) {
    return TABLES.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
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
                    + " THEN 'v2' ELSE 'v1' END"));
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
                    + ") < 0.004 THEN 'TIMEOUT' ELSE 'OK' END"))
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

  /**
   * The monitor spec of a demo model, pinned to a version of its snapshot. Classifiers read their
   * outcomes from the labels table as they arrive; the regression has them inline.
   */
  public static String spec(Model m, Layout layout, long snapshotVersion, long rowsPerDay) {
    boolean classifier = m.problem() == ProblemType.BINARY_CLASSIFICATION;
    boolean late = lateLabels(m.table());
    StringBuilder y = new StringBuilder();
    y.append(
        String.format(
            Locale.ROOT,
            """
            # %s (risk tier %s). Injected: %s
            model_id: %s
            problem_type: %s
            predictions:
              table: delta.`%s`
              timestamp: event_ts
              model_id: model_id
              model_version: model_version
              prediction_id: prediction_id
              score: score
            """,
            m.id(),
            m.riskTier(),
            m.injected(),
            m.id(),
            m.problem().specName(),
            layout.log(m.table())));
    if (classifier) {
      y.append("  prediction: decision\n");
    }
    if (!late) {
      y.append("  label: label\n");
    }
    y.append(
        """
          latency_ms: latency_ms
          status: status
          source: source
        """);
    if (late) {
      y.append(
          String.format(
              Locale.ROOT,
              """
              labels:
                table: delta.`%s`
                prediction_id: prediction_id
                label: label
                timestamp: labeled_at
              """,
              layout.outcomes(m.table())));
    }
    y.append(
        String.format(
            Locale.ROOT,
            """
            features:
              numeric: [%s]
              categorical: [%s]
            """,
            String.join(", ", m.numeric()),
            String.join(", ", m.categorical())));
    if (!m.protectedAttributes().isEmpty() || !m.otherSlices().isEmpty()) {
      y.append("slices:\n");
      if (!m.protectedAttributes().isEmpty()) {
        y.append("  protected: [").append(String.join(", ", m.protectedAttributes())).append("]\n");
      }
      if (m.protectedAttributes().size() > 1) {
        y.append("  intersections: [[")
            .append(String.join(", ", m.protectedAttributes()))
            .append("]]\n");
      }
      if (!m.otherSlices().isEmpty()) {
        y.append("  other: [").append(String.join(", ", m.otherSlices())).append("]\n");
      }
    }
    y.append(
        String.format(
            Locale.ROOT,
            """
            baseline:
              table: delta.`%s`
              version: %d
              label: label
              score: score
            decision_threshold: 0.5
            favorable_prediction: 1
            min_group_size: 30
            capacity_per_minute: %d
            freshness_sla_hours: %s
            """,
            layout.snapshot(m.id()),
            snapshotVersion,
            capacityPerMinute(rowsPerDay),
            FRESHNESS_SLA_HOURS));
    return y.toString();
  }

  /** What a model's service is sized for: eight times the mean rate of its predictions. */
  static long capacityPerMinute(long rowsPerDay) {
    return Math.max(1, (long) Math.ceil(rowsPerDay * 8 / 1440.0));
  }
}
