package io.steward.common.decisions;

import io.steward.common.domain.RiskTier;
import java.util.EnumMap;
import java.util.Map;

/**
 * The thresholds part of the gate policy: a layer over every tier ({@code default:}) and a layer
 * per tier ({@code HIGH:} ...). Thresholds resolve in this order, each later layer overriding the
 * earlier: the built-in default of the model's tier, the policy's {@code default:}, the policy's
 * layer for the tier, then the model's monitor spec.
 */
public record ThresholdPolicy(ThresholdOverrides base, Map<RiskTier, ThresholdOverrides> tiers) {
  /** A policy that keeps the built-in defaults. */
  public static final ThresholdPolicy NONE = new ThresholdPolicy(ThresholdOverrides.NONE, Map.of());

  public ThresholdPolicy {
    if (base == null) {
      throw new IllegalArgumentException("a threshold policy needs a base layer");
    }
    tiers = tiers.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(tiers));
  }

  /** The policy's thresholds for models of {@code tier}: built-in, then default, then the tier. */
  public Thresholds defaults(RiskTier tier) {
    return defaults(tier, "the gate policy");
  }

  /**
   * The thresholds of a model of {@code tier} whose monitor spec sets {@code spec}.
   *
   * @param specSource names the spec in a message, usually its file name
   */
  public Thresholds resolve(RiskTier tier, ThresholdOverrides spec, String specSource) {
    return defaults(tier)
        .with(spec, "monitor spec " + specSource + " thresholds over the policy for tier " + tier);
  }

  /**
   * Resolves every tier, so that a layer that conflicts with another (a WARN level left looser than
   * a CRITICAL one) is refused when the policy is read.
   *
   * @param source names the policy in a message
   */
  public void check(String source) {
    for (RiskTier t : RiskTier.values()) {
      defaults(t, source);
    }
  }

  private Thresholds defaults(RiskTier tier, String source) {
    return Thresholds.defaults(tier)
        .with(base, source + " thresholds.default")
        .with(tiers.getOrDefault(tier, ThresholdOverrides.NONE), source + " thresholds." + tier);
  }
}
