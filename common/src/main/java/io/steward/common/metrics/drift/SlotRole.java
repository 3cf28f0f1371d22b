package io.steward.common.metrics.drift;

/** What a histogram slot counts. */
public enum SlotRole {
  /** Non-missing values in one PSI bin. */
  BIN,
  /** Numeric values outside the baseline min..max, or categories never seen in the baseline. */
  EXTRA,
  /** Null or NaN values. */
  MISSING
}
