package io.steward.common.selftest;

/**
 * One case of a model's self-test as planned.
 *
 * @param column the log column changed (the feature, the protected attribute, the latency or status
 *     column); null for the control and the score shift
 * @param subject what the rule's row is about: the feature, the attribute, or empty for a
 *     model-level rule
 * @param value the value injected (a number for the shifts, a text for a category or a status);
 *     null when the values are removed or the case is not applicable
 * @param notApplicable why the model cannot have this case (no such column); null when it can
 */
public record Injection(
    SelfTestCase testCase, String column, String subject, Object value, String notApplicable) {

  public static Injection notApplicable(SelfTestCase c, String why) {
    return new Injection(c, null, null, null, why);
  }

  public boolean applicable() {
    return notApplicable == null;
  }
}
