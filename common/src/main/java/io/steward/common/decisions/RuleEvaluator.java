package io.steward.common.decisions;

import io.steward.common.decisions.Evaluation.SkipReason;

/**
 * Judges one observation against the thresholds in force: a pure function, cheap enough to run on
 * the driver over a night's result rows.
 *
 * <p>Order: a rule with both levels off, a row without value, a performance rule below {@code
 * min_labelled_rows} (a missing count counts as zero) and a baseline rule without baseline are
 * skipped. Otherwise the measured figure is the value, or for the baseline rules the drop (AUC) or
 * rise (RMSE), absolute or relative to the baseline. It is CRITICAL when beyond the CRITICAL level,
 * else WARN when beyond the WARN level, else NONE. With {@code use_ci} and a row that has an
 * interval, the interval (carried through the same drop or rise) must lie wholly beyond a level for
 * it to count: its low end for a ceiling, its high end for a floor.
 */
public final class RuleEvaluator {
  private RuleEvaluator() {}

  public static Evaluation evaluate(Observation o, Thresholds thresholds) {
    Rule rule = o.rule();
    RuleThreshold t = thresholds.of(rule);
    if (t.off()) {
      return Evaluation.skip(o, SkipReason.RULE_OFF);
    }
    if (o.value() == null || o.value().isNaN()) {
      return Evaluation.skip(o, SkipReason.NO_VALUE);
    }
    if (rule.needsLabels() && (o.n() == null || o.n() < thresholds.minLabelledRows())) {
      return Evaluation.skip(o, SkipReason.TOO_FEW_LABELLED_ROWS);
    }
    if (rule.againstBaseline()
        && (o.baseline() == null || (relative(rule) && !(o.baseline() > 0)))) {
      return Evaluation.skip(o, SkipReason.NO_BASELINE);
    }
    double measured = measure(rule, o.value(), o.baseline());
    boolean ciUsed = t.useCi() && o.ciLow() != null;
    double judged = measured;
    if (ciUsed) {
      double a = measure(rule, o.ciLow(), o.baseline());
      double b = measure(rule, o.ciHigh(), o.baseline());
      boolean ceiling = rule.direction() == Rule.Direction.HIGHER_IS_WORSE;
      judged = ceiling ? Math.min(a, b) : Math.max(a, b);
    }
    Severity severity = Severity.NONE;
    if (beyond(rule, judged, t.critical())) {
      severity = Severity.CRITICAL;
    } else if (beyond(rule, judged, t.warn())) {
      severity = Severity.WARN;
    }
    Double threshold =
        switch (severity) {
          case CRITICAL -> t.critical();
          case WARN -> t.warn();
          case NONE -> t.warn() != null ? t.warn() : t.critical();
        };
    return new Evaluation(o, severity, measured, threshold, ciUsed, null);
  }

  private static boolean relative(Rule rule) {
    return rule == Rule.AUC_DROP_REL || rule == Rule.RMSE_RISE_REL;
  }

  private static double measure(Rule rule, double value, Double baseline) {
    return switch (rule) {
      case AUC_DROP_ABS -> baseline - value;
      case AUC_DROP_REL -> (baseline - value) / baseline;
      case RMSE_RISE_ABS -> value - baseline;
      case RMSE_RISE_REL -> (value - baseline) / baseline;
      default -> value;
    };
  }

  private static boolean beyond(Rule rule, double figure, Double level) {
    if (level == null) {
      return false;
    }
    if (rule.direction() == Rule.Direction.LOWER_IS_WORSE) {
      return figure < level;
    }
    return rule.levelIsInclusive() ? figure >= level : figure > level;
  }
}
