package io.steward.common.decisions;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * One layer of threshold settings, as written in a {@code thresholds:} block of the gate policy or
 * a monitor spec: the keys it sets, the levels it turns off (written {@code key: null}) and the
 * rules whose {@code use_ci} it sets. Anything it does not name keeps the value of the layer below
 * (see {@link ThresholdPolicy} for the order).
 *
 * @param values keys set to a number, each valid for its {@link ThresholdKey#domain()}
 * @param cleared levels turned off; never {@code min_labelled_rows} or {@code consecutive_windows}
 * @param useCi rules whose CI-awareness this layer sets
 */
public record ThresholdOverrides(
    Map<ThresholdKey, Double> values, Set<ThresholdKey> cleared, Map<Rule, Boolean> useCi) {

  /** A layer that changes nothing. */
  public static final ThresholdOverrides NONE =
      new ThresholdOverrides(Map.of(), Set.of(), Map.of());

  public ThresholdOverrides {
    values = values.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(values));
    cleared = cleared.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(cleared));
    useCi = useCi.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(useCi));
    for (Map.Entry<ThresholdKey, Double> e : values.entrySet()) {
      if (e.getValue() == null || !e.getKey().domain().accepts(e.getValue())) {
        throw new IllegalArgumentException(
            e.getKey().key()
                + " is "
                + e.getValue()
                + " but must be "
                + e.getKey().domain().expected());
      }
      if (cleared.contains(e.getKey())) {
        throw new IllegalArgumentException(e.getKey().key() + " is both set and cleared");
      }
    }
    for (ThresholdKey k : cleared) {
      if (k.rule() == null) {
        throw new IllegalArgumentException(k.key() + " cannot be turned off");
      }
    }
  }

  public boolean isEmpty() {
    return values.isEmpty() && cleared.isEmpty() && useCi.isEmpty();
  }
}
