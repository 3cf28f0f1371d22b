package io.steward.jobs.demo;

import io.steward.common.domain.ProblemType;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo bank's portfolio: its credit, fraud, churn, collections and marketing models, the
 * prediction log tables they share with the SQL that generates each column, and what is injected
 * into them from known days (drift, performance decay, a fairness gap, a latency regression and a
 * stale feed), so that every figure of the summary has something real to show. {@link DemoData}
 * generates the rows, {@link DemoSpecs} the monitor specs.
 */
public final class DemoCatalog {
  private DemoCatalog() {}

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

  /** What the demo injects, by day of the log (day 0 is the first night). */
  public static final int INCOME_SHIFT_DAY = 18;

  public static final int NEW_MERCHANTS_DAY = 20;
  public static final int SUPPORT_CALLS_DAY = 12;
  public static final int BALANCE_FEED_BREAK_DAY = 25;
  public static final int AGE_UNIT_BUG_DAY = 15;

  /**
   * credit_limit v2 serves from this day: it learned utilization backwards (from a feed that had
   * switched to available credit) and approves applicants aged 18-25 much less often, so it does
   * far worse than v1 did before it (the nightly raises a ROLLBACK).
   */
  public static final int CREDIT_V2_DAY = 8;

  /**
   * marketing_response v3, which nobody registered (a hotfix deployed straight to serving), takes
   * some of its traffic from this day: the audit reports an unknown version.
   */
  public static final int MARKETING_V3_DAY = 27;

  /** fraud_detection's score loses most of its power: fraud follows a pattern it does not see. */
  public static final int PERFORMANCE_DECAY_DAY = 14;

  /** churn_propensity's latency triples. */
  public static final int LATENCY_REGRESSION_DAY = 17;

  /** marketing_response logs nothing after {@link #STALE_FEED_HOUR}:00 UTC. */
  public static final int STALE_FEED_DAY = 26;

  public static final int STALE_FEED_HOUR = 14;

  /**
   * fraud_detection's transactions travel twice as far on these days only (a holiday weekend):
   * drift that lasts a few nights and stops, so its alert opens and later resolves.
   */
  public static final int HOLIDAY_FIRST_DAY = 5;

  public static final int HOLIDAY_LAST_DAY = 8;

  /**
   * fraud_detection v2 serves from this day: it scored the same transactions in shadow from day 0,
   * close to v1, and went live with no override after 14 clean nights and a passing self-test; v1
   * then keeps scoring in shadow (watched). v3, in shadow all along, scores far from v1 (a material
   * discrepancy every night) and is held back.
   */
  public static final int FRAUD_V2_DAY = 18;

  /** The logit penalty credit_limit v2 gives applicants aged 18-25, which the truth lacks. */
  private static final double V2_YOUTH_PENALTY = 0.8;

  private static final String CREDIT_SIGNAL = "-0.6 + 0.9 * u0 - 1.2 * u1";
  private static final String CREDIT_V2_SIGNAL = "-0.6 + 0.9 * u0 + 0.3 * u1";
  private static final String FRAUD_SIGNAL = "-2.5 + 1.1 * u0 + 0.8 * abs(u1)";
  private static final String FRAUD_V2_SIGNAL = FRAUD_SIGNAL + " + 0.04 * u5";
  private static final String FRAUD_V3_SIGNAL = "-2.2 + 0.3 * u0 + 0.8 * abs(u1) + 1.4 * u6";

  /**
   * A version scoring its model's requests in shadow on days [fromDay, toDay): logged with the same
   * prediction ids and its own version to the model's shadow table ({@link #shadowTable}).
   *
   * @param signal SQL of its score's logit, as a {@link Model}'s signal
   */
  record ShadowVersion(String model, String version, int fromDay, int toDay, String signal) {}

  /**
   * The demo's shadow mode: fraud_detection's challengers v2 (live from {@link #FRAUD_V2_DAY}, v1
   * watched after) and v3 (held back), and credit_limit v1 kept scoring in shadow after v2 was
   * pushed live on {@link #CREDIT_V2_DAY} (watched: the comparison recommends rolling back).
   */
  static final List<ShadowVersion> SHADOWS =
      List.of(
          new ShadowVersion("fraud_detection", "v2", 0, FRAUD_V2_DAY, FRAUD_V2_SIGNAL),
          new ShadowVersion("fraud_detection", "v1", FRAUD_V2_DAY, Integer.MAX_VALUE, FRAUD_SIGNAL),
          new ShadowVersion("fraud_detection", "v3", 0, Integer.MAX_VALUE, FRAUD_V3_SIGNAL),
          new ShadowVersion("credit_limit", "v1", CREDIT_V2_DAY, Integer.MAX_VALUE, CREDIT_SIGNAL));

  /** The shadow versions of these models that log beside {@code table}. */
  static List<ShadowVersion> shadows(String table, List<Model> models) {
    return SHADOWS.stream()
        .filter(
            s -> models.stream().anyMatch(m -> m.id().equals(s.model()) && m.table().equals(table)))
        .toList();
  }

  /** Whether a model has versions in shadow. */
  static boolean inShadow(String model) {
    return SHADOWS.stream().anyMatch(s -> s.model().equals(model));
  }

  /** The table a log table's shadow versions write to. */
  static String shadowTable(String table) {
    return table + "_shadow";
  }

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
                  new Column(
                      "distance_km",
                      "round(abs(u1) * 35.0 * CASE WHEN day BETWEEN "
                          + HOLIDAY_FIRST_DAY
                          + " AND "
                          + HOLIDAY_LAST_DAY
                          + " THEN 2.0 ELSE 1.0 END, 1)"),
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
              "CASE WHEN model_version = 'v2' THEN "
                  + CREDIT_V2_SIGNAL
                  + " - CASE WHEN age <= 25 THEN "
                  + V2_YOUTH_PENALTY
                  + " ELSE 0 END ELSE "
                  + CREDIT_SIGNAL
                  + " END",
              CREDIT_SIGNAL,
              "income up 35% from day "
                  + INCOME_SHIFT_DAY
                  + "; v2 from day "
                  + CREDIT_V2_DAY
                  + " reads utilization backwards and approves age 18-25 less often"),
          new Model(
              "fraud_detection",
              "HIGH",
              ProblemType.BINARY_CLASSIFICATION,
              "fraud_predictions",
              List.of("amount", "distance_km", "hour_of_day"),
              List.of("merchant_category"),
              List.of(),
              List.of(),
              "CASE WHEN model_version = 'v2' THEN "
                  + FRAUD_V2_SIGNAL
                  + " ELSE "
                  + FRAUD_SIGNAL
                  + " END",
              "CASE WHEN day >= "
                  + PERFORMANCE_DECAY_DAY
                  + " THEN -2.5 + 0.3 * (1.1 * u0 + 0.8 * abs(u1)) + 1.2 * u9 ELSE signal END",
              "distance doubled on days "
                  + HOLIDAY_FIRST_DAY
                  + "-"
                  + HOLIDAY_LAST_DAY
                  + "; score loses power from day "
                  + PERFORMANCE_DECAY_DAY
                  + "; unseen merchant categories from day "
                  + NEW_MERCHANTS_DAY
                  + "; v2 in shadow, live from day "
                  + FRAUD_V2_DAY
                  + "; v3 in shadow, far from v1"),
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
              "unregistered v3 on some rows from day "
                  + MARKETING_V3_DAY
                  + "; age in months for some rows from day "
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

  /**
   * A model that serves traffic in a demo log but that nobody registered (a vendor's upsell model
   * wired into the customer service): the audit reports it as UNREGISTERED.
   */
  public static final Model UNREGISTERED =
      new Model(
          "upsell_propensity",
          "HIGH",
          ProblemType.BINARY_CLASSIFICATION,
          "customer_predictions",
          List.of("tenure_months", "monthly_charges"),
          List.of("segment"),
          List.of(),
          List.of(),
          "-1.2 + 0.5 * u0 + 0.6 * u1",
          "signal",
          "serves traffic but was never registered");

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

  /** The models that write to the demo's logs: {@code registered} and {@link #UNREGISTERED}. */
  public static List<Model> logged(List<Model> registered) {
    List<Model> out = new ArrayList<>(registered);
    out.add(UNREGISTERED);
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

  /** The log table of this name. */
  static LogTable table(String name) {
    return TABLES.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
  }
}
