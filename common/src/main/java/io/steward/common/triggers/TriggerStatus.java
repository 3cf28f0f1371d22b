package io.steward.common.triggers;

import java.util.Locale;

/**
 * Where a trigger stands: OPEN until what it asks for is done (ACTIONED) or a person dismisses it.
 */
public enum TriggerStatus {
  OPEN,
  ACTIONED,
  DISMISSED;

  public static TriggerStatus parse(String text) {
    try {
      return valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      return null;
    }
  }
}
