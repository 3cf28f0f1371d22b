package io.steward.common.domain;

import java.util.Locale;

/** How much governance a model needs: LOW may fast-track, CRITICAL needs a committee. */
public enum RiskTier {
  LOW,
  MEDIUM,
  HIGH,
  CRITICAL;

  public static RiskTier parse(String text) {
    try {
      return valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      return null;
    }
  }
}
