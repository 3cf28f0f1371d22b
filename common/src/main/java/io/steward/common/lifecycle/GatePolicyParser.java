package io.steward.common.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.steward.common.decisions.NotifyPolicyParser;
import io.steward.common.decisions.ThresholdsParser;
import io.steward.common.domain.RiskTier;
import io.steward.common.errors.Errors;
import java.io.IOException;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads a gate policy file. Every key is optional; a missing key keeps its default:
 *
 * <pre>
 * fast_track: [LOW]                      # tiers whose owner may approve their own gates
 * independent_validation: [HIGH, CRITICAL]
 * committee: [CRITICAL]                  # tiers whose gates need a COMMITTEE member
 * shadow_days: 14
 * thresholds:                            # optional defaults of the nightly rules, see ThresholdsParser
 *   default: {psi_significant: 0.2}      # over every tier
 *   HIGH: {consecutive_windows: 1}       # over one tier
 * notify:                                # optional webhooks for alerts and triggers, see
 *   default: https://hooks.example.com/x # NotifyPolicyParser
 * </pre>
 */
public final class GatePolicyParser {
  private GatePolicyParser() {}

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final List<String> KEYS =
      List.of(
          "fast_track",
          "independent_validation",
          "committee",
          "shadow_days",
          "selftest_max_age_days",
          "audit_horizon_days",
          "thresholds",
          "notify");

  public static GatePolicy parse(String source, String yaml) {
    GatePolicy d = GatePolicy.defaults();
    if (yaml == null) {
      return d;
    }
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (IOException e) {
      throw Errors.policyInvalid(source, "not valid YAML: " + Errors.oneLine(e.getMessage()));
    }
    if (root == null || !root.isObject()) {
      throw Errors.policyInvalid(source, "the document is not a mapping of keys to values");
    }
    Iterator<String> names = root.fieldNames();
    while (names.hasNext()) {
      String n = names.next();
      if (!KEYS.contains(n)) {
        throw Errors.policyInvalid(
            source, "unknown key '" + n + "'; expected one of " + String.join(", ", KEYS));
      }
    }
    int shadow = d.shadowDays();
    JsonNode s = root.get("shadow_days");
    if (s != null) {
      if (!s.isIntegralNumber() || s.asInt() < 0) {
        throw Errors.policyInvalid(source, "shadow_days must be a whole number >= 0");
      }
      shadow = s.asInt();
    }
    int selfTestAge = d.selfTestMaxAgeDays();
    JsonNode a = root.get("selftest_max_age_days");
    if (a != null) {
      if (!a.isIntegralNumber() || a.asInt() < 1) {
        throw Errors.policyInvalid(source, "selftest_max_age_days must be a whole number >= 1");
      }
      selfTestAge = a.asInt();
    }
    int horizon = d.auditHorizonDays();
    JsonNode h = root.get("audit_horizon_days");
    if (h != null) {
      if (!h.isIntegralNumber() || h.asInt() < GatePolicy.MIN_AUDIT_HORIZON_DAYS) {
        throw Errors.policyInvalid(
            source,
            "audit_horizon_days must be a whole number >= "
                + GatePolicy.MIN_AUDIT_HORIZON_DAYS
                + " (the EU AI Act, Art. 19, asks at least six months of logs)");
      }
      horizon = h.asInt();
    }
    return new GatePolicy(
        tiers(source, root, "fast_track", d.fastTrack()),
        tiers(source, root, "independent_validation", d.independentValidation()),
        tiers(source, root, "committee", d.committee()),
        shadow,
        selfTestAge,
        ThresholdsParser.policy("gate policy " + source, root.get("thresholds")),
        NotifyPolicyParser.parse(source, root.get("notify")),
        horizon);
  }

  private static Set<RiskTier> tiers(
      String source, JsonNode root, String key, Set<RiskTier> fallback) {
    JsonNode n = root.get(key);
    if (n == null) {
      return fallback;
    }
    if (!n.isArray()) {
      throw Errors.policyInvalid(source, key + " must be a list of risk tiers, like [LOW]");
    }
    Set<RiskTier> out = EnumSet.noneOf(RiskTier.class);
    for (JsonNode t : n) {
      RiskTier tier = RiskTier.parse(t.asText());
      if (tier == null) {
        throw Errors.policyInvalid(
            source, key + " has '" + t.asText() + "'; tiers are LOW, MEDIUM, HIGH, CRITICAL");
      }
      out.add(tier);
    }
    return out;
  }
}
