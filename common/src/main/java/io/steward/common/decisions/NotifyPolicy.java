package io.steward.common.decisions;

import io.steward.common.domain.RiskTier;
import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where alerts and triggers are announced: HTTP webhooks that take a JSON body with a plain {@code
 * text} field (Slack- and Teams-style incoming webhooks accept it). The most specific route wins:
 * the owner's webhook, else the model's risk tier's, else the default. With no route, nothing is
 * sent and the row says so.
 *
 * @param fallback the webhook for everything without a more specific route, or null
 * @param tiers a webhook per risk tier
 * @param owners a webhook per owner (a user name of the registry)
 * @param timeout how long one delivery may take, connection included
 */
public record NotifyPolicy(
    URI fallback, Map<RiskTier, URI> tiers, Map<String, URI> owners, Duration timeout) {

  /** No webhooks: nothing is announced. */
  public static final NotifyPolicy NONE =
      new NotifyPolicy(null, Map.of(), Map.of(), Duration.ofSeconds(10));

  public NotifyPolicy {
    tiers = tiers.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(tiers));
    owners = Map.copyOf(owners);
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("a delivery timeout must be positive: " + timeout);
    }
  }

  /** The webhook for a model's owner (may be null) and risk tier (may be null), if any. */
  public Optional<URI> route(String owner, RiskTier tier) {
    if (owner != null && owners.containsKey(owner)) {
      return Optional.of(owners.get(owner));
    }
    if (tier != null && tiers.containsKey(tier)) {
      return Optional.of(tiers.get(tier));
    }
    return Optional.ofNullable(fallback);
  }

  /** Whether any webhook is configured. */
  public boolean isEmpty() {
    return fallback == null && tiers.isEmpty() && owners.isEmpty();
  }
}
