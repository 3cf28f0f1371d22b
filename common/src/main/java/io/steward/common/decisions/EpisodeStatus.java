package io.steward.common.decisions;

/**
 * Where an episode stands: OPEN (breaching, or not yet clean for {@code consecutive_windows}
 * nights), ACKNOWLEDGED (open, acknowledged by a person and quiet until it escalates), RESOLVED
 * (clean for {@code consecutive_windows} nights, or resolved by a person).
 */
public enum EpisodeStatus {
  OPEN,
  ACKNOWLEDGED,
  RESOLVED
}
