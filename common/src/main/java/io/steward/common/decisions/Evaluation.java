package io.steward.common.decisions;

/**
 * What {@link RuleEvaluator} made of one observation: a severity with the figure compared and the
 * level it was compared with, or a reason the night was skipped. A skipped night is neither a
 * breach nor a clean night.
 *
 * @param measured the figure compared, in the threshold's unit (for the baseline rules the drop or
 *     rise, not the row's value); null when skipped
 * @param threshold the level crossed (CRITICAL or WARN), or for NONE the first level that would be
 *     (WARN when on, else CRITICAL); null when skipped
 * @param ciUsed whether the row's interval decided, rather than its value
 * @param skipped why no severity was given; null when one was
 */
public record Evaluation(
    Observation observation,
    Severity severity,
    Double measured,
    Double threshold,
    boolean ciUsed,
    SkipReason skipped) {

  /** Why a night could not be judged. */
  public enum SkipReason {
    /** The rule's WARN and CRITICAL levels are both off. */
    RULE_OFF,
    /** The row has no value (undefined or suppressed). */
    NO_VALUE,
    /** A performance rule on fewer labelled rows than {@code min_labelled_rows}. */
    TOO_FEW_LABELLED_ROWS,
    /** A rule against the baseline without a baseline value (or, relative, one of zero). */
    NO_BASELINE
  }

  public Evaluation {
    if (observation == null || severity == null) {
      throw new IllegalArgumentException("an evaluation needs its observation and severity");
    }
    if (skipped != null && (severity != Severity.NONE || threshold != null || ciUsed)) {
      throw new IllegalArgumentException("a skipped night has no severity, threshold or CI");
    }
    if (skipped == null && (measured == null || threshold == null)) {
      throw new IllegalArgumentException("a judged night has its measured figure and threshold");
    }
  }

  static Evaluation skip(Observation o, SkipReason reason) {
    return new Evaluation(o, Severity.NONE, null, null, false, reason);
  }

  public boolean isSkipped() {
    return skipped != null;
  }

  /** A judged night at WARN or CRITICAL. */
  public boolean breach() {
    return skipped == null && severity != Severity.NONE;
  }

  /** A judged night within both levels. */
  public boolean clean() {
    return skipped == null && severity == Severity.NONE;
  }
}
