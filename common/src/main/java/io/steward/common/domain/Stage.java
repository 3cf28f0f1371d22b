package io.steward.common.domain;

import java.util.Locale;

/** The six lifecycle stages, in order. */
public enum Stage {
  USE_CASE_APPROVAL,
  DEVELOPMENT,
  VALIDATION,
  DEPLOYMENT,
  PRODUCTION,
  RETIRED;

  public static Stage parse(String text) {
    try {
      return valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      return null;
    }
  }

  /** The stage after this one on the forward path, or null for RETIRED. */
  public Stage next() {
    return this == RETIRED ? null : values()[ordinal() + 1];
  }
}
