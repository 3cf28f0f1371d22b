package io.steward.common.domain;

import java.util.Locale;

/** Documents that are evidence for the lifecycle gates. */
public enum ArtifactKind {
  MDP,
  BIAS_TEST,
  VALIDATION_REPORT,
  RUNBOOK,
  RETIREMENT_PLAN,
  EXPERIMENT_LOG,
  MODEL_CARD,
  /** Written by {@code steward monitor selftest} alone: whether every alert rule fired. */
  ALERT_SELFTEST,
  OTHER;

  public static ArtifactKind parse(String text) {
    try {
      return valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      return null;
    }
  }
}
