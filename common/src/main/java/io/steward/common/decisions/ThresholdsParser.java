package io.steward.common.decisions;

import com.fasterxml.jackson.databind.JsonNode;
import io.steward.common.domain.RiskTier;
import io.steward.common.errors.Errors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a {@code thresholds:} block, for the monitor spec ({@link #layer}) and for the gate policy
 * ({@link #policy}). A bad block is one user error naming the file and the key: an unknown key
 * (listing the allowed ones), text where a number goes, a negative PSI or amount, a rate or ratio
 * outside [0, 1], {@code consecutive_windows} below 1, or a WARN level looser than the CRITICAL
 * level set beside it. {@code key: null} turns a level off.
 */
public final class ThresholdsParser {
  private ThresholdsParser() {}

  /** The keys of the policy's block: {@code default} and the risk tiers. */
  public static final List<String> POLICY_KEYS =
      List.of("default", "LOW", "MEDIUM", "HIGH", "CRITICAL");

  /**
   * One layer of thresholds.
   *
   * @param where names the file in messages, for example {@code monitor spec credit.yaml}
   * @param path the block's key path, {@code thresholds} or {@code thresholds.HIGH}
   * @param node the block; null or a YAML null is an empty layer
   */
  public static ThresholdOverrides layer(String where, String path, JsonNode node) {
    if (node == null || node.isNull()) {
      return ThresholdOverrides.NONE;
    }
    if (!node.isObject()) {
      throw Errors.thresholdBadValue(
          where, path, node.toString(), "a mapping of threshold keys to values");
    }
    Map<ThresholdKey, Double> values = new EnumMap<>(ThresholdKey.class);
    Set<ThresholdKey> cleared = EnumSet.noneOf(ThresholdKey.class);
    Map<Rule, Boolean> useCi = new EnumMap<>(Rule.class);
    for (Map.Entry<String, JsonNode> f : node.properties()) {
      String name = f.getKey();
      JsonNode v = f.getValue();
      if (name.equals(ThresholdKey.USE_CI)) {
        useCi.putAll(useCi(where, path + "." + name, v));
        continue;
      }
      ThresholdKey key = ThresholdKey.ofKey(name);
      if (key == null) {
        throw Errors.thresholdUnknownKey(where, path + "." + name, ThresholdKey.allowed());
      }
      if (v.isNull() && key.rule() != null) {
        cleared.add(key);
      } else if (!v.isNumber() || !key.domain().accepts(v.asDouble())) {
        throw Errors.thresholdBadValue(
            where,
            path + "." + name,
            v.isNull() ? null : v.asText(),
            key.domain().expected() + (key.rule() == null ? "" : ", or null to turn it off"));
      } else {
        values.put(key, v.asDouble());
      }
    }
    for (Rule r : Rule.values()) {
      String conflict =
          RuleThreshold.conflict(
              r,
              values.get(ThresholdKey.of(r, Severity.WARN)),
              values.get(ThresholdKey.of(r, Severity.CRITICAL)));
      if (conflict != null) {
        throw Errors.thresholdsConflict(where + " " + path, conflict);
      }
    }
    return new ThresholdOverrides(values, cleared, useCi);
  }

  /**
   * The policy's block, {@code {default: {...}, HIGH: {...}}} (tier names in any case), checked by
   * resolving every tier.
   */
  public static ThresholdPolicy policy(String where, JsonNode node) {
    if (node == null || node.isNull()) {
      return ThresholdPolicy.NONE;
    }
    if (!node.isObject()) {
      throw Errors.thresholdBadValue(
          where, "thresholds", node.toString(), "a mapping of default and tiers to thresholds");
    }
    ThresholdOverrides base = ThresholdOverrides.NONE;
    Map<RiskTier, ThresholdOverrides> tiers = new EnumMap<>(RiskTier.class);
    for (Map.Entry<String, JsonNode> f : node.properties()) {
      String path = "thresholds." + f.getKey();
      if (f.getKey().equals("default")) {
        base = layer(where, path, f.getValue());
        continue;
      }
      RiskTier tier = RiskTier.parse(f.getKey());
      if (tier == null) {
        throw Errors.thresholdUnknownKey(where, path, POLICY_KEYS);
      }
      tiers.put(tier, layer(where, path, f.getValue()));
    }
    ThresholdPolicy policy = new ThresholdPolicy(base, tiers);
    policy.check(where);
    return policy;
  }

  private static Map<Rule, Boolean> useCi(String where, String path, JsonNode v) {
    Map<Rule, Boolean> out = new EnumMap<>(Rule.class);
    if (v.isBoolean()) {
      Arrays.stream(Rule.values()).forEach(r -> out.put(r, v.asBoolean()));
      return out;
    }
    if (!v.isObject()) {
      throw Errors.thresholdBadValue(
          where, path, v.asText(), "true, false or a mapping of rules to true or false");
    }
    for (Map.Entry<String, JsonNode> f : v.properties()) {
      Rule r = Rule.ofKey(f.getKey());
      if (r == null) {
        List<String> rules = new ArrayList<>();
        Arrays.stream(Rule.values()).forEach(x -> rules.add(x.key()));
        throw Errors.thresholdUnknownKey(where, path + "." + f.getKey(), rules);
      }
      if (!f.getValue().isBoolean()) {
        throw Errors.thresholdBadValue(
            where, path + "." + f.getKey(), f.getValue().asText(), "true or false");
      }
      out.put(r, f.getValue().asBoolean());
    }
    return out;
  }
}
