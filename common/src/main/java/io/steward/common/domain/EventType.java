package io.steward.common.domain;

/**
 * What a lifecycle event records. steward.lifecycle_events stores the constant's name in its
 * event_type column, and the hash chain covers that name.
 */
public enum EventType {
  /** A use case registered; it starts in USE_CASE_APPROVAL. */
  REGISTERED,
  /** A model version added with its training lineage. */
  VERSION_ADDED,
  /** A document recorded as evidence. */
  ARTIFACT_ADDED,
  /** A gate approved. */
  APPROVED,
  /** A model or version moved to a stage with its gate's evidence complete. */
  TRANSITIONED,
  /** A model or version moved to a stage despite missing evidence. */
  OVERRIDDEN,
  /** An attempt refused: its reason names what was attempted and why it was refused. */
  REFUSED,
  /** A role granted to a user. */
  PRINCIPAL_GRANTED,
  /** A role revoked from a user. */
  PRINCIPAL_REVOKED,
  /** The gate policy replaced. */
  POLICY_SET,
  /** A trigger raised: its reason names the trigger, its kind and reason. */
  TRIGGER_RAISED,
  /** A trigger answered by what it asked for: its reason says what answered it. */
  TRIGGER_ACTIONED,
  /** A trigger dismissed by a person, with their reason. */
  TRIGGER_DISMISSED,
  /** An alert episode acknowledged by a person, with a reason: quiet until it escalates. */
  ALERT_ACKNOWLEDGED,
  /** An alert episode resolved by a person, with a reason. */
  ALERT_RESOLVED,
  /**
   * A monitor spec registered for a model: its evidence names the spec's SHA-256 and the
   * registration id; the rows it writes are the model's monitor registrations.
   */
  MONITOR_REGISTERED,
  /**
   * A drift baseline built: its evidence names the baseline id, the training snapshot and the Delta
   * version it is pinned to, and the spec's SHA-256.
   */
  BASELINE_BUILT,
  /**
   * The trail keyed: from this event on, every event's hash is an HMAC under the key in {@code
   * STEWARD_TRAIL_KEY_FILE} (written by {@code init} when a key is set and the trail's last event
   * is not keyed yet).
   */
  TRAIL_KEYED
}
