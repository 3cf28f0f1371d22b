package io.steward.common.triggers;

import io.steward.common.domain.RiskTier;
import java.util.Objects;

/**
 * What one audit found about one model version: a trigger to hold open.
 *
 * @param tier the model's risk tier, null for a model nobody registered
 * @param owner the model's owner, null for a model nobody registered
 * @param evidence what was found, in words
 */
public record Finding(
    VersionKey subject,
    TriggerKind kind,
    String reason,
    RiskTier tier,
    String owner,
    String evidence) {
  public Finding {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(evidence, "evidence");
  }

  public String key() {
    return TriggerId.of(subject.modelId(), subject.version(), kind, reason);
  }
}
