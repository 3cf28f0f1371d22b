package io.steward.common.decisions;

import com.fasterxml.jackson.databind.JsonNode;
import io.steward.common.domain.RiskTier;
import io.steward.common.errors.Errors;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code notify:} block of a gate policy:
 *
 * <pre>
 * notify:
 *   default: https://hooks.example.com/services/T0/B0/all   # everything without a closer route
 *   tiers: {CRITICAL: https://hooks.example.com/risk-office}
 *   owners: {olivia: https://hooks.example.com/olivia}
 *   timeout_seconds: 10                                     # per delivery (default 10)
 * </pre>
 *
 * Every key is optional. A webhook is an absolute http or https URL with a host.
 */
public final class NotifyPolicyParser {
  private NotifyPolicyParser() {}

  private static final List<String> KEYS = List.of("default", "tiers", "owners", "timeout_seconds");

  /** The policy of {@code node}, or {@link NotifyPolicy#NONE} when it is null. */
  public static NotifyPolicy parse(String source, JsonNode node) {
    if (node == null || node.isNull()) {
      return NotifyPolicy.NONE;
    }
    if (!node.isObject()) {
      throw Errors.policyInvalid(
          source, "notify must be a mapping with default, tiers, owners and timeout_seconds");
    }
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String n = field.getKey();
      if (!KEYS.contains(n)) {
        throw Errors.policyInvalid(
            source,
            "notify has an unknown key '" + n + "'; expected one of " + String.join(", ", KEYS));
      }
    }
    URI fallback = node.has("default") ? url(source, "notify.default", node.get("default")) : null;
    Map<RiskTier, URI> tiers = new EnumMap<>(RiskTier.class);
    for (Map.Entry<String, JsonNode> e : entries(source, node, "tiers")) {
      RiskTier tier = RiskTier.parse(e.getKey());
      if (tier == null) {
        throw Errors.policyInvalid(
            source, "notify.tiers has '" + e.getKey() + "'; tiers are LOW, MEDIUM, HIGH, CRITICAL");
      }
      tiers.put(tier, url(source, "notify.tiers." + e.getKey(), e.getValue()));
    }
    Map<String, URI> owners = new HashMap<>();
    for (Map.Entry<String, JsonNode> e : entries(source, node, "owners")) {
      owners.put(e.getKey(), url(source, "notify.owners." + e.getKey(), e.getValue()));
    }
    Duration timeout = NotifyPolicy.NONE.timeout();
    JsonNode t = node.get("timeout_seconds");
    if (t != null) {
      if (!t.isNumber() || t.asDouble() <= 0 || t.asDouble() > 300) {
        throw Errors.policyInvalid(
            source, "notify.timeout_seconds must be a number of seconds in (0, 300]");
      }
      timeout = Duration.ofMillis(Math.round(t.asDouble() * 1000));
    }
    return new NotifyPolicy(fallback, tiers, owners, timeout);
  }

  private static List<Map.Entry<String, JsonNode>> entries(
      String source, JsonNode node, String key) {
    JsonNode n = node.get(key);
    if (n == null || n.isNull()) {
      return List.of();
    }
    if (!n.isObject()) {
      throw Errors.policyInvalid(
          source, "notify." + key + " must be a mapping of names to webhook URLs");
    }
    return new ArrayList<>(n.properties());
  }

  private static URI url(String source, String where, JsonNode value) {
    String text = value == null || !value.isTextual() ? null : value.asText().strip();
    URI uri = null;
    if (text != null) {
      try {
        uri = new URI(text);
      } catch (URISyntaxException e) {
        uri = null;
      }
    }
    if (uri == null
        || !uri.isAbsolute()
        || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
        || uri.getHost() == null) {
      throw Errors.policyInvalid(
          source,
          where
              + " is "
              + (value == null ? "missing" : "'" + value.asText() + "'")
              + " but must be an http or https URL such as https://hooks.example.com/steward");
    }
    return uri;
  }
}
