package io.steward.common.decisions;

import java.util.Arrays;

/**
 * The rules a nightly run evaluates, each over rows that the results tables (schema {@code
 * steward}) already hold: {@link #resultTable()} and {@link #metric()} name them. Rules are
 * evaluated on the DAY windows of those tables.
 *
 * <p>Rules against the baseline ({@link #againstBaseline()}) compare the row's {@code value} with
 * its {@code baseline_value} (only the overall rows of {@code performance_metrics} have one): the
 * measured figure is the drop (baseline minus value) or the rise (value minus baseline), absolute
 * or relative to the baseline. Every other rule measures the row's value as it is.
 */
public enum Rule {
  /**
   * A feature's PSI against the baseline; {@code feature_drift.psi}, features other than the score.
   */
  FEATURE_PSI("psi", Scope.FEATURE, Direction.HIGHER_IS_WORSE, "feature_drift", "psi"),
  /**
   * Output drift: the PSI of the score, the {@code feature_drift} row whose feature is {@code
   * __score__} ({@link io.steward.common.spec.MonitorSpec#SCORE_FEATURE}).
   */
  SCORE_PSI("score_psi", Scope.MODEL, Direction.HIGHER_IS_WORSE, "feature_drift", "psi"),
  /** Share of a feature's values that are missing; {@code feature_drift.missing_rate}. */
  MISSING_RATE(
      "missing_rate", Scope.FEATURE, Direction.HIGHER_IS_WORSE, "feature_drift", "missing_rate"),
  /**
   * Share of a numeric feature's values outside the baseline's [min, max]; {@code
   * feature_drift.out_of_range_rate}.
   */
  OUT_OF_RANGE_RATE(
      "out_of_range_rate",
      Scope.FEATURE,
      Direction.HIGHER_IS_WORSE,
      "feature_drift",
      "out_of_range_rate"),
  /** AUC drop, baseline minus the night's AUC; {@code performance_metrics} metric {@code auc}. */
  AUC_DROP_ABS(
      "auc_drop_abs", Scope.MODEL, Direction.HIGHER_IS_WORSE, "performance_metrics", "auc"),
  /** AUC drop relative to the baseline's AUC: (baseline - value) / baseline. */
  AUC_DROP_REL(
      "auc_drop_rel", Scope.MODEL, Direction.HIGHER_IS_WORSE, "performance_metrics", "auc"),
  /**
   * RMSE rise, the night's RMSE minus the baseline's, in the target's unit; metric {@code rmse}.
   */
  RMSE_RISE_ABS(
      "rmse_rise_abs", Scope.MODEL, Direction.HIGHER_IS_WORSE, "performance_metrics", "rmse"),
  /** RMSE rise relative to the baseline's RMSE: (value - baseline) / baseline. */
  RMSE_RISE_REL(
      "rmse_rise_rel", Scope.MODEL, Direction.HIGHER_IS_WORSE, "performance_metrics", "rmse"),
  /**
   * Demographic parity ratio of a protected attribute (smallest over largest selection rate); a
   * floor. {@code fairness_metrics} metric {@code demographic_parity_ratio}.
   */
  PARITY_RATIO(
      "parity_ratio",
      Scope.SUBGROUP,
      Direction.LOWER_IS_WORSE,
      "fairness_metrics",
      "demographic_parity_ratio"),
  /**
   * Equalized odds difference of a protected attribute (the larger of the TPR and FPR gaps); {@code
   * fairness_metrics} metric {@code equalized_odds_difference}.
   */
  EQUALIZED_ODDS_DIFF(
      "equalized_odds_diff",
      Scope.SUBGROUP,
      Direction.HIGHER_IS_WORSE,
      "fairness_metrics",
      "equalized_odds_difference"),
  /** Share of predictions whose status is not OK; overall {@code operational_metrics} row. */
  ERROR_RATE(
      "error_rate", Scope.MODEL, Direction.HIGHER_IS_WORSE, "operational_metrics", "error_rate"),
  /**
   * 99th percentile of latency in milliseconds; {@code operational_metrics} {@code latency_p99}.
   */
  LATENCY_P99_MS(
      "latency_p99_ms",
      Scope.MODEL,
      Direction.HIGHER_IS_WORSE,
      "operational_metrics",
      "latency_p99"),
  /** Hours from the newest prediction to the window's end; a model-level row (no version). */
  FRESHNESS_HOURS(
      "freshness_hours",
      Scope.MODEL,
      Direction.HIGHER_IS_WORSE,
      "operational_metrics",
      "freshness_hours"),
  /**
   * The window's rows over the median of the trailing windows' rows; a floor; a model-level row (no
   * version).
   */
  COMPLETENESS(
      "completeness", Scope.MODEL, Direction.LOWER_IS_WORSE, "operational_metrics", "completeness");

  /** Which way a figure gets worse. */
  public enum Direction {
    /** A ceiling: the figure breaches a level when it is above it. */
    HIGHER_IS_WORSE,
    /** A floor: the figure breaches a level when it is below it. */
    LOWER_IS_WORSE
  }

  /** What one evaluation of the rule is about, and so what an observation's subject holds. */
  public enum Scope {
    /** One feature; the subject is the feature's name. */
    FEATURE,
    /**
     * One protected attribute or intersection (the subject, {@code gender} or {@code gender &
     * age_band}), or one group of it ({@code gender=F}).
     */
    SUBGROUP,
    /** The model version as a whole; the subject is empty. */
    MODEL
  }

  private final String key;
  private final Scope scope;
  private final Direction direction;
  private final String resultTable;
  private final String metric;

  Rule(String key, Scope scope, Direction direction, String resultTable, String metric) {
    this.key = key;
    this.scope = scope;
    this.direction = direction;
    this.resultTable = resultTable;
    this.metric = metric;
  }

  /** The rule's plain name, as written in {@code use_ci} and stored in alert rows. */
  public String key() {
    return key;
  }

  public Scope scope() {
    return scope;
  }

  public Direction direction() {
    return direction;
  }

  /** The results table (schema {@code steward}) whose rows the rule reads. */
  public String resultTable() {
    return resultTable;
  }

  /**
   * The metric the rule reads: a {@code metric} value of its table, or for {@code feature_drift}
   * the column.
   */
  public String metric() {
    return metric;
  }

  /** Whether the rule compares the row's value with its baseline value. */
  public boolean againstBaseline() {
    return resultTable.equals("performance_metrics");
  }

  /** Whether the rule rests on labelled rows, so that {@code min_labelled_rows} applies to it. */
  public boolean needsLabels() {
    return resultTable.equals("performance_metrics");
  }

  /**
   * Whether a value exactly at a level breaches it. True for the PSI rules only, so that they agree
   * with the {@code psi_band} column (0.25 is SIGNIFICANT); every other level is an allowed limit
   * (a parity ratio of exactly 0.8 meets the four-fifths rule).
   */
  public boolean levelIsInclusive() {
    return this == FEATURE_PSI || this == SCORE_PSI;
  }

  /** The rule of a plain key, as written; null when there is none. */
  public static Rule ofKey(String key) {
    return Arrays.stream(values()).filter(r -> r.key.equals(key)).findFirst().orElse(null);
  }
}
