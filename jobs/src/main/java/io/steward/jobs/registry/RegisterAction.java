package io.steward.jobs.registry;

import io.steward.common.domain.EventType;
import io.steward.common.domain.ModelId;
import io.steward.common.domain.RiskTier;
import io.steward.common.domain.Stage;
import io.steward.common.errors.Errors;
import io.steward.common.lifecycle.SuccessCriteria;
import io.steward.jobs.StewardContext;
import io.steward.registry.store.RegistryRecords;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Registers a use case: it starts in USE_CASE_APPROVAL, owned by the given user. The caller needs
 * an active role; a refusal writes one REFUSED event and nothing else. Driver only.
 */
public final class RegisterAction {
  private RegisterAction() {}

  public record Registration(
      String id,
      String name,
      String owner,
      String riskTier,
      String useCase,
      String successCriteria,
      List<String> regulations,
      List<String> dataSources) {}

  public static void register(StewardContext ctx, Registration r) {
    register(Governance.of(ctx), r);
  }

  public static void register(Governance g, Registration r) {
    RegistryRecords.NewEvent attempt =
        new RegistryRecords.NewEvent(
            g.actor,
            EventType.REGISTERED,
            r.id(),
            null,
            null,
            Stage.USE_CASE_APPROVAL.name(),
            r.useCase(),
            "owner="
                + r.owner()
                + "; risk_tier="
                + r.riskTier()
                + "; success="
                + r.successCriteria());
    if (g.roles().getOrDefault(g.actor, Set.of()).isEmpty()) {
      throw g.refuse(attempt, Errors.notPermitted(g.actor, "register models", "an active role"));
    }
    if (!ModelId.isValid(r.id())) {
      throw g.refuse(attempt, Errors.badArgument("--id", r.id(), "[a-z0-9_]{1,64}"));
    }
    RiskTier tier = RiskTier.parse(r.riskTier());
    if (tier == null) {
      throw g.refuse(
          attempt,
          Errors.badArgument("--risk-tier", r.riskTier(), "LOW, MEDIUM, HIGH or CRITICAL"));
    }
    if (SuccessCriteria.parse(r.successCriteria()) == null) {
      throw g.refuse(
          attempt,
          Errors.badArgument(
              "--success-criteria", r.successCriteria(), "comparisons like \"auc>=0.75,ks>0.3\""));
    }
    if (!PrincipalActions.isUserName(r.owner())) {
      throw g.refuse(
          attempt, Errors.badArgument("--owner", r.owner(), "a user name such as alice"));
    }
    if (g.registry.models().containsKey(r.id())) {
      throw g.refuse(
          attempt,
          Errors.alreadyExists(
              "model '" + r.id() + "'",
              "add a version with: steward model version add --id " + r.id()));
    }
    Instant now = Instant.now();
    g.commit(
        attempt,
        g.registry.modelRow(
            new RegistryRecords.Model(
                r.id(),
                r.name(),
                r.useCase(),
                r.successCriteria(),
                r.dataSources(),
                r.owner(),
                tier.name(),
                r.regulations(),
                Stage.USE_CASE_APPROVAL.name(),
                null,
                now,
                g.actor,
                now,
                g.actor)));
  }
}
