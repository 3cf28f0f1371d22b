package io.steward.common.decisions;

import io.steward.common.domain.RiskTier;
import io.steward.common.errors.Errors;
import java.util.EnumMap;
import java.util.Map;

/**
 * The thresholds in force for one model: the levels of every {@link Rule}, the fewest labelled rows
 * a performance rule needs ({@code min_labelled_rows}) and the hysteresis ({@code
 * consecutive_windows}). Built from {@link #defaults(RiskTier)} and layers of {@link
 * ThresholdOverrides}; {@link ThresholdPolicy} resolves the layers in their order.
 *
 * <p>The keys, their units and built-in defaults are listed in {@link ThresholdKey} and in {@code
 * docs/decisions.md}. CI-aware by default are the rules whose rows carry an interval: the AUC and
 * RMSE rules and the two fairness rules.
 */
public record Thresholds(
    Map<Rule, RuleThreshold> rules, int minLabelledRows, int consecutiveWindows) {
  public Thresholds {
    rules = Map.copyOf(new EnumMap<>(rules));
    for (Rule r : Rule.values()) {
      RuleThreshold t = rules.get(r);
      if (t == null || t.rule() != r) {
        throw new IllegalArgumentException("thresholds need the levels of rule " + r.key());
      }
    }
    if (minLabelledRows < 0) {
      throw new IllegalArgumentException("min_labelled_rows must be >= 0: " + minLabelledRows);
    }
    if (consecutiveWindows < 1) {
      throw new IllegalArgumentException("consecutive_windows must be >= 1: " + consecutiveWindows);
    }
  }

  /** The levels of {@code rule}. */
  public RuleThreshold of(Rule rule) {
    return rules.get(rule);
  }

  /** The value of a key (a level, null when off, or one of the two settings). */
  public Double value(ThresholdKey key) {
    return switch (key) {
      case MIN_LABELLED_ROWS -> (double) minLabelledRows;
      case CONSECUTIVE_WINDOWS -> (double) consecutiveWindows;
      default -> of(key.rule()).level(key.level());
    };
  }

  /** The built-in thresholds of a risk tier, before any policy or spec. */
  public static Thresholds defaults(RiskTier tier) {
    Map<Rule, RuleThreshold> rules = new EnumMap<>(Rule.class);
    for (Rule r : Rule.values()) {
      rules.put(
          r,
          new RuleThreshold(
              r,
              ThresholdKey.of(r, Severity.WARN).builtIn(tier),
              ThresholdKey.of(r, Severity.CRITICAL).builtIn(tier),
              r.needsLabels() || r.scope() == Rule.Scope.SUBGROUP));
    }
    return new Thresholds(
        rules,
        ThresholdKey.MIN_LABELLED_ROWS.builtIn(tier).intValue(),
        ThresholdKey.CONSECUTIVE_WINDOWS.builtIn(tier).intValue());
  }

  /**
   * These thresholds with a layer applied on top.
   *
   * @param where names the layer in a message, for example {@code monitor spec credit.yaml}
   * @throws io.steward.common.errors.StewardException when a rule's WARN level ends up looser than
   *     its CRITICAL level
   */
  public Thresholds with(ThresholdOverrides layer, String where) {
    if (layer.isEmpty()) {
      return this;
    }
    Map<Rule, RuleThreshold> out = new EnumMap<>(Rule.class);
    for (Rule r : Rule.values()) {
      RuleThreshold t = of(r);
      Double warn = level(layer, ThresholdKey.of(r, Severity.WARN), t.warn());
      Double critical = level(layer, ThresholdKey.of(r, Severity.CRITICAL), t.critical());
      String conflict = RuleThreshold.conflict(r, warn, critical);
      if (conflict != null) {
        throw Errors.thresholdsConflict(where, conflict);
      }
      out.put(r, new RuleThreshold(r, warn, critical, layer.useCi().getOrDefault(r, t.useCi())));
    }
    Map<ThresholdKey, Double> v = layer.values();
    return new Thresholds(
        out,
        v.containsKey(ThresholdKey.MIN_LABELLED_ROWS)
            ? v.get(ThresholdKey.MIN_LABELLED_ROWS).intValue()
            : minLabelledRows,
        v.containsKey(ThresholdKey.CONSECUTIVE_WINDOWS)
            ? v.get(ThresholdKey.CONSECUTIVE_WINDOWS).intValue()
            : consecutiveWindows);
  }

  private static Double level(ThresholdOverrides layer, ThresholdKey key, Double below) {
    if (layer.cleared().contains(key)) {
      return null;
    }
    return layer.values().getOrDefault(key, below);
  }
}
