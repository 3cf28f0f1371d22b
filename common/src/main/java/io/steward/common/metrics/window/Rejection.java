package io.steward.common.metrics.window;

import java.util.Locale;

/**
 * Why an input row, or a part of it, was left out of a metric. Every rejection is counted and
 * reported in {@code steward.job_runs}; nothing is dropped silently.
 */
public enum Rejection {
  /** Stamped after the run started: counted, and left out of every metric. */
  FUTURE_TIMESTAMP,
  /**
   * A binary classifier's score that is NaN or outside [0, 1]: left out of AUC, log loss, Brier.
   */
  SCORE_OUTSIDE_0_1,
  /** A predicted class other than 0 or 1, or a regression prediction that is not finite. */
  PREDICTION_INVALID,
  /** A label outside the declared classes (0 and 1), or a regression label that is not finite. */
  LABEL_OUTSIDE_CLASSES,
  /** A prediction id seen more than once in the window; each repeat is counted. */
  DUPLICATE_PREDICTION_ID,
  /** A latency below zero (or NaN): left out of the latency percentiles. */
  NEGATIVE_LATENCY,
  /** A label stamped before its prediction: left out of the label lag. */
  LABEL_BEFORE_PREDICTION,
  /** A new or changed label whose prediction id is not in the log's lookback range. */
  LABEL_WITHOUT_PREDICTION,
  /** A prediction id with more than one row in the labels table; the latest row is used. */
  DUPLICATE_LABEL_ID,
  /**
   * A row with a NaN or infinite value in a numeric feature (counted once per row): each such value
   * counts as missing for drift, like a null.
   */
  FEATURE_NOT_FINITE,
  /**
   * A row whose model version is null although the spec names a version column: counted, and
   * profiled under the version {@code (missing)}.
   */
  VERSION_MISSING,
  /**
   * A row whose timestamp is null (in a TIMESTAMP column, an unparseable time is written as null):
   * in no window, so left out of every metric; counted in the run's last night, by every run while
   * the row stays in the log.
   */
  TIMESTAMP_MISSING,
  /**
   * A model whose prediction log (or labels table) could not be read at all: dropped, moved, its
   * files vacuumed or deleted. The model is skipped for the run (rows 0: none could be read); the
   * other models' nights complete.
   */
  SOURCE_UNREADABLE,
  /**
   * A model whose log no longer has a column its spec names, or has it with a type the spec cannot
   * use (changed after registration). The model is skipped for the run; rows are the model's rows
   * in the run's windows, none of which were profiled.
   */
  SOURCE_SCHEMA_CHANGED;

  /** The reason as written in {@code job_runs.rejected}. */
  public String reason() {
    return name().toLowerCase(Locale.ROOT);
  }
}
