package io.steward.common.triggers;

import java.util.Locale;

/**
 * What a trigger asks for. RETRAIN, ROLLBACK and RETIRE come from the nightly figures; ZOMBIE and
 * UNREGISTERED from the inventory audit.
 */
public enum TriggerKind {
  /** Sustained drift or degraded performance: train a new version. */
  RETRAIN,
  /** A recently promoted champion doing worse than its predecessor: roll back. */
  ROLLBACK,
  /** Superseded, discontinued or unrecoverable: retire formally. */
  RETIRE,
  /** A model version deciding without the governance that makes it trustworthy. */
  ZOMBIE,
  /** A model id or version serving traffic that the registry does not know. */
  UNREGISTERED;

  public static TriggerKind parse(String text) {
    try {
      return valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      return null;
    }
  }
}
