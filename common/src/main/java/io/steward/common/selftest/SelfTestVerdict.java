package io.steward.common.selftest;

import io.steward.common.decisions.Evaluation;
import io.steward.common.decisions.Severity;
import io.steward.common.decisions.Thresholds;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Judges a self-test (pure): every applicable case's rule must fire (WARN or CRITICAL) on that
 * case's rows, its rule must be on, and the untouched control must raise nothing.
 *
 * @param cases one result per planned case, the control first
 * @param controlRaised the rules the control raised, one line each
 */
public record SelfTestVerdict(List<CaseResult> cases, List<String> controlRaised) {

  public SelfTestVerdict {
    cases = List.copyOf(cases);
    controlRaised = List.copyOf(controlRaised);
  }

  /** What became of one case. */
  public enum Result {
    FIRED,
    NOT_FIRED,
    RULE_OFF,
    NOT_APPLICABLE,
    QUIET,
    RAISED
  }

  /**
   * @param severity the highest severity the case's rule gave on the case (NONE when it did not
   *     fire)
   * @param measured the figure the rule judged, null when it had none
   * @param threshold the level it was judged against, null when none
   */
  public record CaseResult(
      Injection injection, Result result, Severity severity, Double measured, Double threshold) {
    public boolean passed() {
      return result == Result.FIRED || result == Result.NOT_APPLICABLE || result == Result.QUIET;
    }
  }

  public boolean passed() {
    return cases.stream().allMatch(CaseResult::passed);
  }

  /** The cases that failed, one line each. */
  public List<String> failures() {
    List<String> out = new ArrayList<>();
    for (CaseResult c : cases) {
      if (c.passed()) {
        continue;
      }
      SelfTestCase k = c.injection().testCase();
      out.add(
          switch (c.result()) {
            case RAISED -> "the control raised " + String.join("; ", controlRaised);
            case RULE_OFF ->
                k.key()
                    + ": rule "
                    + k.rule().key()
                    + " is off in this model's thresholds, so it would raise nothing";
            default ->
                k.key()
                    + ": rule "
                    + k.rule().key()
                    + " did not fire"
                    + (c.measured() == null
                        ? " (no figure)"
                        : String.format(
                            Locale.ROOT,
                            " (measured %.4g against %s)",
                            c.measured(),
                            c.threshold() == null
                                ? "no level"
                                : String.format(Locale.ROOT, "%.4g", c.threshold())));
          });
    }
    return out;
  }

  /**
   * @param evaluations the rules' evaluations of every figure of the cases' rows (each case's rows
   *     carry its {@link SelfTestCase#version()})
   */
  public static SelfTestVerdict judge(
      List<Injection> plan, Thresholds thresholds, List<Evaluation> evaluations) {
    List<CaseResult> out = new ArrayList<>();
    List<String> raised = new ArrayList<>();
    for (Evaluation e : evaluations) {
      if (SelfTestCase.CONTROL.version().equals(e.observation().modelVersion())
          && e.severity() != Severity.NONE) {
        raised.add(
            e.observation().rule().key()
                + (e.observation().subject().isEmpty() ? "" : " on " + e.observation().subject())
                + String.format(
                    Locale.ROOT,
                    " (%s: %.4g against %.4g)",
                    e.severity(),
                    e.measured(),
                    e.threshold()));
      }
    }
    for (Injection i : plan) {
      SelfTestCase c = i.testCase();
      if (c == SelfTestCase.CONTROL) {
        out.add(
            new CaseResult(
                i, raised.isEmpty() ? Result.QUIET : Result.RAISED, Severity.NONE, null, null));
        continue;
      }
      if (!i.applicable()) {
        out.add(new CaseResult(i, Result.NOT_APPLICABLE, Severity.NONE, null, null));
        continue;
      }
      if (thresholds.of(c.rule()).off()) {
        out.add(new CaseResult(i, Result.RULE_OFF, Severity.NONE, null, null));
        continue;
      }
      Evaluation best = null;
      for (Evaluation e : evaluations) {
        if (c.version().equals(e.observation().modelVersion())
            && e.observation().rule() == c.rule()
            && e.observation().subject().equals(i.subject())
            && (best == null || e.severity().compareTo(best.severity()) > 0)) {
          best = e;
        }
      }
      Severity s = best == null ? Severity.NONE : best.severity();
      out.add(
          new CaseResult(
              i,
              s == Severity.NONE ? Result.NOT_FIRED : Result.FIRED,
              s,
              best == null ? null : best.measured(),
              best == null ? null : best.threshold()));
    }
    return new SelfTestVerdict(out, raised);
  }
}
