package io.steward.common.metrics.shadow;

/**
 * What makes a night of shadow mode a material discrepancy or too thin to count, from the monitor
 * spec's {@code shadow:} block.
 *
 * @param maxDisagreement the largest share of pairs whose decisions may differ
 * @param maxScorePsi the largest PSI between the two versions' score distributions
 * @param maxMeanAbsDiff the largest mean absolute score difference
 * @param minPairs the fewest matched pairs for a night to count as evidence
 * @param parityFloor the demographic parity ratio below which a version is unfair (four-fifths)
 */
public record ShadowThresholds(
    double maxDisagreement,
    double maxScorePsi,
    double maxMeanAbsDiff,
    long minPairs,
    double parityFloor)
    implements java.io.Serializable {

  public static final ShadowThresholds DEFAULTS = new ShadowThresholds(0.05, 0.10, 0.05, 1000, 0.8);

  public ShadowThresholds {
    if (!(maxDisagreement >= 0 && maxDisagreement <= 1)
        || !(maxScorePsi >= 0)
        || !(maxMeanAbsDiff >= 0 && maxMeanAbsDiff <= 1)
        || minPairs < 1
        || !(parityFloor >= 0 && parityFloor <= 1)) {
      throw new IllegalArgumentException(
          "shadow thresholds: max_disagreement and max_mean_abs_diff in [0, 1], max_score_psi"
              + " >= 0, min_pairs >= 1, parity_floor in [0, 1]");
    }
  }
}
