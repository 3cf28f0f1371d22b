package io.steward.common.decisions;

/**
 * The levels of one rule: a WARN level, a CRITICAL level (either null when off; both null turns the
 * rule off) and whether the rule is CI-aware. A WARN level must not be looser than the CRITICAL
 * one: for a ceiling not above it, for a floor not below it.
 *
 * @param useCi fire a level only when the row's whole confidence interval lies beyond it (rows
 *     without an interval are judged on their value)
 */
public record RuleThreshold(Rule rule, Double warn, Double critical, boolean useCi) {
  public RuleThreshold {
    if (rule == null) {
      throw new IllegalArgumentException("a rule threshold needs its rule");
    }
    String conflict = conflict(rule, warn, critical);
    if (conflict != null) {
      throw new IllegalArgumentException(conflict);
    }
  }

  /** Whether both levels are off, so the rule never fires. */
  public boolean off() {
    return warn == null && critical == null;
  }

  /** The level of a severity (WARN or CRITICAL); null when that level is off. */
  public Double level(Severity severity) {
    return switch (severity) {
      case WARN -> warn;
      case CRITICAL -> critical;
      case NONE -> throw new IllegalArgumentException("NONE has no level");
    };
  }

  /**
   * Why {@code warn} and {@code critical} cannot stand together for {@code rule}, in words naming
   * both keys; null when they can.
   */
  public static String conflict(Rule rule, Double warn, Double critical) {
    if (warn == null || critical == null) {
      return null;
    }
    boolean ceiling = rule.direction() == Rule.Direction.HIGHER_IS_WORSE;
    if (ceiling ? warn <= critical : warn >= critical) {
      return null;
    }
    return ThresholdKey.of(rule, Severity.WARN).key()
        + " ("
        + warn
        + ") is "
        + (ceiling ? "above " : "below ")
        + ThresholdKey.of(rule, Severity.CRITICAL).key()
        + " ("
        + critical
        + "), so WARN would be looser than CRITICAL";
  }
}
