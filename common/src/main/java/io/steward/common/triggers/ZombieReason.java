package io.steward.common.triggers;

/**
 * Why a deciding model version is a zombie. Each reason is one trigger, so that each is answered
 * (and closed) on its own; {@link #answeredBy} is the close reason the audit records when the
 * reason no longer holds.
 */
public enum ZombieReason {
  /** The model's owner is no principal: never granted any role. */
  NO_OWNER("the owner is not a principal", "owner assigned"),
  /** The model's owner had roles and every one was revoked. */
  INACTIVE_OWNER("every role of the owner is revoked", "owner active again"),
  /** No active monitor spec. */
  NO_MONITOR("no monitor spec is registered", "monitor registered"),
  /** A monitor, but no successful nightly run of it over a recent night. */
  NO_RECENT_MONITORING_RUN(
      "no successful monitoring run in the last " + ZombieRules.RECENT_RUN_DAYS + " days",
      "monitoring run succeeded"),
  /** The training table or its Delta version is gone or past its retention. */
  LINEAGE_MISSING("the training lineage is gone", "lineage readable again"),
  /** No favourable validation report, or the latest is older than the tier allows. */
  VALIDATION_STALE("validation older than the risk tier allows", "validation renewed"),
  /** The model or the version is RETIRED and still serves decisions. */
  DECIDING_WHILE_RETIRED("deciding while RETIRED", "retired traffic stopped"),
  /** The version serves decisions before DEPLOYMENT (and so before shadow mode). */
  DECIDING_BEFORE_PRODUCTION("deciding before production", "reached deployment or production");

  private final String description;
  private final String answeredBy;

  ZombieReason(String description, String answeredBy) {
    this.description = description;
    this.answeredBy = answeredBy;
  }

  /** What the reason means, for the report. */
  public String description() {
    return description;
  }

  /** The close reason recorded when the audit finds the reason answered. */
  public String answeredBy() {
    return answeredBy;
  }
}
