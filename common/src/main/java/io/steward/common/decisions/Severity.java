package io.steward.common.decisions;

/**
 * How bad a night's figure is against its rule: NONE within both levels, WARN beyond the warning
 * level, CRITICAL beyond the critical one. Ordered from least to most severe, so the worse of two
 * is the one with the higher ordinal.
 */
public enum Severity {
  NONE,
  WARN,
  CRITICAL;

  /** The more severe of this and {@code other}. */
  public Severity worse(Severity other) {
    return other.ordinal() > ordinal() ? other : this;
  }
}
