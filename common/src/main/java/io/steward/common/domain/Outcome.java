package io.steward.common.domain;

import java.util.Locale;

/** The verdict an artifact carries, where it has one. */
public enum Outcome {
  APPROVED,
  CONDITIONAL,
  REJECTED,
  PASS,
  FAIL;

  public static Outcome parse(String text) {
    try {
      return valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      return null;
    }
  }

  /** A positive verdict: the evidence supports going ahead. */
  public boolean favourable() {
    return this == APPROVED || this == CONDITIONAL || this == PASS;
  }
}
