package io.steward.common.selftest;

import io.steward.common.decisions.Rule;
import java.util.Locale;

/** The cases of the alert self-test: each injects one known shift that one rule must catch. */
public enum SelfTestCase {
  CONTROL(null, "the sample untouched: no rule may fire"),
  FEATURE_SHIFT(Rule.FEATURE_PSI, "every value moved into the baseline's thinnest bin"),
  SCORE_SHIFT(Rule.SCORE_PSI, "every score moved into the baseline's thinnest score bin"),
  MISSING_SPIKE(Rule.MISSING_RATE, "every value missing"),
  NEW_CATEGORY(Rule.FEATURE_PSI, "every value a category the baseline never saw"),
  OUT_OF_RANGE(Rule.OUT_OF_RANGE_RATE, "every value above the baseline's maximum"),
  GROUP_DISPARITY(
      Rule.PARITY_RATIO, "two groups, one always given the favourable decision, one never"),
  LATENCY_SPIKE(Rule.LATENCY_P99_MS, "every latency ten times the highest level"),
  ERROR_SPIKE(Rule.ERROR_RATE, "every status an error");

  private final Rule rule;
  private final String injection;

  SelfTestCase(Rule rule, String injection) {
    this.rule = rule;
    this.injection = injection;
  }

  /** The rule that must fire on the case; null for the control. */
  public Rule rule() {
    return rule;
  }

  /** What the case does to the sample. */
  public String injection() {
    return injection;
  }

  /** The case's name in output: feature_shift, ... */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The model version the case's rows carry through the scan: never a real version's name. */
  public String version() {
    return "selftest:" + key();
  }
}
