package io.steward.jobs.scan;

import io.steward.common.metrics.shadow.ShadowThresholds;
import java.io.Serializable;

/**
 * Shadow mode's settled rules for one model in one run: the champion every other version of the
 * model is paired with, and the version watched after a promotion.
 *
 * @param champion the champion's version (the spec's {@code shadow.champion}, else the registry's
 *     PRODUCTION version)
 * @param watched the version that was champion before the latest promotion, watched as a challenger
 *     for {@code watchNights} nights from the promotion's day; null when none
 * @param watchFromMicros the first night watched (UTC midnight, microseconds)
 * @param watchUntilMicros the night after the last one watched
 * @param thresholds what makes a night a material discrepancy or too thin to count
 */
public record ShadowRules(
    String champion,
    String watched,
    long watchFromMicros,
    long watchUntilMicros,
    ShadowThresholds thresholds)
    implements Serializable {

  public ShadowRules {
    if (champion == null || thresholds == null) {
      throw new IllegalArgumentException("shadow rules need a champion and thresholds");
    }
  }

  /** Whether the comparison of {@code challenger} in the night starting then is a watch. */
  public boolean watching(String challenger, long nightMicros) {
    return watched != null
        && watched.equals(challenger)
        && nightMicros >= watchFromMicros
        && nightMicros < watchUntilMicros;
  }
}
