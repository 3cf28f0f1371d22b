package io.steward.common.decisions;

import io.steward.common.domain.RiskTier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Every key of a {@code thresholds:} block except {@code use_ci}, with its rule and level, the
 * values it may take, its unit and its built-in default per risk tier (LOW and MEDIUM share the
 * base column; HIGH and CRITICAL tighten it). A null default leaves that level off.
 *
 * <p>A rule's WARN key is its name with {@code _warn} (the PSI keys use the bands' names: {@code
 * psi_moderate} is WARN, {@code psi_significant} CRITICAL); its CRITICAL key is {@code _max} for a
 * ceiling, {@code _min} for a floor, or the plain rule name for the baseline drops.
 */
public enum ThresholdKey {
  PSI_MODERATE(Rule.FEATURE_PSI, Severity.WARN, Domain.PSI, "PSI", 0.10, 0.10, 0.10),
  PSI_SIGNIFICANT(Rule.FEATURE_PSI, Severity.CRITICAL, Domain.PSI, "PSI", 0.25, 0.20, 0.20),
  SCORE_PSI_MODERATE(Rule.SCORE_PSI, Severity.WARN, Domain.PSI, "PSI", 0.10, 0.10, 0.10),
  SCORE_PSI_SIGNIFICANT(Rule.SCORE_PSI, Severity.CRITICAL, Domain.PSI, "PSI", 0.25, 0.20, 0.20),
  MISSING_RATE_WARN(Rule.MISSING_RATE, Severity.WARN, Domain.RATIO, "rate", 0.10, 0.05, 0.05),
  MISSING_RATE_MAX(Rule.MISSING_RATE, Severity.CRITICAL, Domain.RATIO, "rate", 0.25, 0.15, 0.15),
  OUT_OF_RANGE_RATE_WARN(
      Rule.OUT_OF_RANGE_RATE, Severity.WARN, Domain.RATIO, "rate", 0.05, 0.02, 0.02),
  OUT_OF_RANGE_RATE_MAX(
      Rule.OUT_OF_RANGE_RATE, Severity.CRITICAL, Domain.RATIO, "rate", 0.10, 0.05, 0.05),
  AUC_DROP_ABS_WARN(Rule.AUC_DROP_ABS, Severity.WARN, Domain.RATIO, "AUC", 0.02, 0.01, 0.01),
  AUC_DROP_ABS(Rule.AUC_DROP_ABS, Severity.CRITICAL, Domain.RATIO, "AUC", 0.05, 0.03, 0.03),
  AUC_DROP_REL_WARN(
      Rule.AUC_DROP_REL, Severity.WARN, Domain.RATIO, "share of baseline", 0.03, 0.02, 0.02),
  AUC_DROP_REL(
      Rule.AUC_DROP_REL, Severity.CRITICAL, Domain.RATIO, "share of baseline", 0.07, 0.05, 0.05),
  RMSE_RISE_ABS_WARN(
      Rule.RMSE_RISE_ABS, Severity.WARN, Domain.AMOUNT, "target unit", null, null, null),
  RMSE_RISE_ABS(
      Rule.RMSE_RISE_ABS, Severity.CRITICAL, Domain.AMOUNT, "target unit", null, null, null),
  RMSE_RISE_REL_WARN(
      Rule.RMSE_RISE_REL, Severity.WARN, Domain.AMOUNT, "share of baseline", 0.10, 0.05, 0.05),
  RMSE_RISE_REL(
      Rule.RMSE_RISE_REL, Severity.CRITICAL, Domain.AMOUNT, "share of baseline", 0.20, 0.10, 0.10),
  PARITY_RATIO_WARN(Rule.PARITY_RATIO, Severity.WARN, Domain.RATIO, "ratio", 0.90, 0.90, 0.90),
  PARITY_RATIO_MIN(Rule.PARITY_RATIO, Severity.CRITICAL, Domain.RATIO, "ratio", 0.80, 0.80, 0.80),
  EQUALIZED_ODDS_DIFF_WARN(
      Rule.EQUALIZED_ODDS_DIFF, Severity.WARN, Domain.RATIO, "rate gap", 0.05, 0.05, 0.05),
  EQUALIZED_ODDS_DIFF_MAX(
      Rule.EQUALIZED_ODDS_DIFF, Severity.CRITICAL, Domain.RATIO, "rate gap", 0.10, 0.08, 0.08),
  ERROR_RATE_WARN(Rule.ERROR_RATE, Severity.WARN, Domain.RATIO, "rate", 0.01, 0.005, 0.005),
  ERROR_RATE_MAX(Rule.ERROR_RATE, Severity.CRITICAL, Domain.RATIO, "rate", 0.05, 0.02, 0.02),
  LATENCY_P99_MS_WARN(Rule.LATENCY_P99_MS, Severity.WARN, Domain.AMOUNT, "ms", 500.0, 500.0, 500.0),
  LATENCY_P99_MS_MAX(
      Rule.LATENCY_P99_MS, Severity.CRITICAL, Domain.AMOUNT, "ms", 1000.0, 1000.0, 1000.0),
  FRESHNESS_HOURS_WARN(
      Rule.FRESHNESS_HOURS, Severity.WARN, Domain.AMOUNT, "hours", 24.0, 24.0, 24.0),
  FRESHNESS_HOURS_MAX(
      Rule.FRESHNESS_HOURS, Severity.CRITICAL, Domain.AMOUNT, "hours", 48.0, 48.0, 48.0),
  COMPLETENESS_WARN(
      Rule.COMPLETENESS, Severity.WARN, Domain.RATIO, "share of usual rows", 0.80, 0.90, 0.90),
  COMPLETENESS_MIN(
      Rule.COMPLETENESS, Severity.CRITICAL, Domain.RATIO, "share of usual rows", 0.50, 0.70, 0.70),
  /** No rule against the baseline's performance fires on fewer labelled rows than this. */
  MIN_LABELLED_ROWS(null, null, Domain.COUNT, "labelled rows", 100.0, 100.0, 100.0),
  /**
   * Hysteresis: breaching nights in a row to open an episode, clean nights in a row to close it.
   */
  CONSECUTIVE_WINDOWS(null, null, Domain.WINDOWS, "nights", 3.0, 2.0, 1.0);

  /** The values a key may take. */
  public enum Domain {
    /** A PSI: a number >= 0. */
    PSI("a PSI, a number >= 0"),
    /** A rate, ratio or share: a number in [0, 1]. */
    RATIO("a ratio, a number in [0, 1]"),
    /** An amount in the key's unit: a number >= 0. */
    AMOUNT("a number >= 0"),
    /** A count: a whole number >= 0. */
    COUNT("a whole number >= 0"),
    /** A number of windows: a whole number >= 1. */
    WINDOWS("a whole number >= 1");

    private final String expected;

    Domain(String expected) {
      this.expected = expected;
    }

    /** What a valid value looks like, for messages. */
    public String expected() {
      return expected;
    }

    /** Whether {@code v} is valid. */
    public boolean accepts(double v) {
      boolean whole = v == Math.rint(v);
      return switch (this) {
        case PSI, AMOUNT -> v >= 0 && Double.isFinite(v);
        case RATIO -> v >= 0 && v <= 1;
        case COUNT -> v >= 0 && whole && v <= Integer.MAX_VALUE;
        case WINDOWS -> v >= 1 && whole && v <= Integer.MAX_VALUE;
      };
    }
  }

  private final Rule rule;
  private final Severity level;
  private final Domain domain;
  private final String unit;
  private final Double base;
  private final Double high;
  private final Double critical;

  ThresholdKey(
      Rule rule,
      Severity level,
      Domain domain,
      String unit,
      Double base,
      Double high,
      Double critical) {
    this.rule = rule;
    this.level = level;
    this.domain = domain;
    this.unit = unit;
    this.base = base;
    this.high = high;
    this.critical = critical;
  }

  /** The key as written in YAML: the constant's name in lower case. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The rule whose level this key sets; null for the two settings of every rule. */
  public Rule rule() {
    return rule;
  }

  /** WARN or CRITICAL; null for the two settings of every rule. */
  public Severity level() {
    return level;
  }

  public Domain domain() {
    return domain;
  }

  public String unit() {
    return unit;
  }

  /** The built-in default for a risk tier; null when the level is off by default. */
  public Double builtIn(RiskTier tier) {
    return switch (tier) {
      case LOW, MEDIUM -> base;
      case HIGH -> high;
      case CRITICAL -> critical;
    };
  }

  /** The key of a rule's level. */
  public static ThresholdKey of(Rule rule, Severity level) {
    return Arrays.stream(values())
        .filter(k -> k.rule == rule && k.level == level)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no key for " + rule + " " + level));
  }

  /** The key written {@code key} in YAML; null when there is none. */
  public static ThresholdKey ofKey(String key) {
    return Arrays.stream(values()).filter(k -> k.key().equals(key)).findFirst().orElse(null);
  }

  /** Every key a {@code thresholds:} block accepts, in order, with {@code use_ci} last. */
  public static List<String> allowed() {
    List<String> all = new ArrayList<>(Arrays.stream(values()).map(ThresholdKey::key).toList());
    all.add(USE_CI);
    return all;
  }

  /**
   * The key of the CI-aware switch: {@code true}/{@code false} for every rule, or a mapping of rule
   * keys ({@link Rule#key()}) to booleans.
   */
  public static final String USE_CI = "use_ci";
}
