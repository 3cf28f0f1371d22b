package io.steward.jobs.scan;

import io.steward.common.metrics.shadow.ShadowThresholds;
import java.io.Serializable;
import java.util.List;

/**
 * Shadow mode's settled rules for one model in one run: which version was the champion each night,
 * against which every other version of the model logged that night is paired, and which version is
 * watched after a promotion.
 *
 * @param initial the champion before the model's first promotion (the spec's {@code
 *     shadow.champion}: the system a first go-live replaces); null when the spec names none
 * @param reigns the model's promotions to PRODUCTION, by the day each took effect, oldest first
 * @param watchNights nights the version a promotion replaced is watched from the promotion's day
 * @param thresholds what makes a night a material discrepancy or too thin to count
 */
public record ShadowRules(
    String initial, List<Reign> reigns, int watchNights, ShadowThresholds thresholds)
    implements Serializable {

  /** A version's time as the champion, from the day its promotion took effect. */
  public record Reign(String version, long fromMicros) implements Serializable {}

  private static final long DAY_MICROS = 86_400_000_000L;

  public ShadowRules {
    reigns = List.copyOf(reigns);
    if ((initial == null && reigns.isEmpty()) || thresholds == null) {
      throw new IllegalArgumentException("shadow rules need a champion and thresholds");
    }
  }

  /** The champion of the night starting then (UTC midnight, microseconds); null when none. */
  public String championOn(long nightMicros) {
    int i = reignOn(nightMicros);
    return i < 0 ? initial : reigns.get(i).version();
  }

  /**
   * The version the night's champion replaced, while it is watched (the {@code watchNights} nights
   * from the promotion's day); null otherwise.
   */
  public String watchedOn(long nightMicros) {
    int i = reignOn(nightMicros);
    if (i < 0 || nightMicros >= reigns.get(i).fromMicros() + watchNights * DAY_MICROS) {
      return null;
    }
    String champion = reigns.get(i).version();
    for (int j = i - 1; j >= 0; j--) {
      if (!reigns.get(j).version().equals(champion)) {
        return reigns.get(j).version();
      }
    }
    return initial != null && !initial.equals(champion) ? initial : null;
  }

  /** Whether the comparison of {@code challenger} in the night starting then is a watch. */
  public boolean watching(String challenger, long nightMicros) {
    return challenger.equals(watchedOn(nightMicros));
  }

  private int reignOn(long nightMicros) {
    int found = -1;
    for (int i = 0; i < reigns.size(); i++) {
      if (reigns.get(i).fromMicros() <= nightMicros) {
        found = i;
      }
    }
    return found;
  }
}
