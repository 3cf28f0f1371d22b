package io.steward.common.decisions;

import java.time.LocalDate;

/**
 * A person's action on an episode, applied by {@link EpisodeFold#fold(java.util.List, int,
 * java.util.List)} over the automatic fold. Who acted and why belong to the lifecycle event that
 * records the action, not here.
 *
 * @param episodeId the episode acted on ({@link Episode#id()})
 * @param night the last night the action covers, usually the latest night evaluated when it was
 *     taken: an acknowledgement covers the severity seen up to it; a resolution closes the episode
 *     on it, and breaches after it start a new episode
 */
public record ManualAction(String episodeId, Kind kind, LocalDate night) {
  /** What the person did. */
  public enum Kind {
    ACKNOWLEDGE,
    RESOLVE
  }

  public ManualAction {
    if (episodeId == null || kind == null || night == null) {
      throw new IllegalArgumentException("a manual action needs an episode, a kind and a night");
    }
  }
}
