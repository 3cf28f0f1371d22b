package io.steward.jobs.action.registry;

import io.steward.common.domain.Role;
import io.steward.common.errors.Errors;
import io.steward.common.errors.StewardException;
import io.steward.common.lifecycle.GatePolicy;
import io.steward.common.lifecycle.GatePolicyParser;
import io.steward.jobs.action.StewardContext;
import io.steward.registry.store.EventLog;
import io.steward.registry.store.Registry;
import io.steward.registry.store.RegistryRecords;
import io.steward.registry.warehouse.Migrations;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What every registry action shares: the registry, the actor's roles, the policy in force, and the
 * rule that a refused request still leaves one REFUSED event in the trail (and nothing else).
 * Driver only: the registry tables are small.
 */
final class Governance {
  final StewardContext ctx;
  final Registry registry;
  final String actor;

  Governance(StewardContext ctx) {
    Migrations.requireCurrent(ctx.spark(), ctx.warehouse());
    this.ctx = ctx;
    this.registry = new Registry(ctx.spark(), ctx.warehouse());
    this.actor = ctx.user();
  }

  private Map<String, Set<Role>> roles;

  /** Active roles by user (read once per command). */
  Map<String, Set<Role>> roles() {
    if (roles != null) {
      return roles;
    }
    roles = new HashMap<>();
    for (RegistryRecords.Grant g : registry.grants()) {
      if (g.active()) {
        roles
            .computeIfAbsent(g.user(), k -> EnumSet.noneOf(Role.class))
            .add(Role.valueOf(g.role()));
      }
    }
    return roles;
  }

  boolean has(String user, Role role) {
    return roles().getOrDefault(user, Set.of()).contains(role);
  }

  GatePolicy policy() {
    return GatePolicyParser.parse("in steward.policies", registry.policyYaml());
  }

  RegistryRecords.Model model(String id, String attempted) {
    Map<String, RegistryRecords.Model> models = registry.models();
    RegistryRecords.Model m = models.get(id);
    if (m == null) {
      throw refuse(
          new RegistryRecords.NewEvent(actor, attempted, id, null, null, null, null, null),
          Errors.notRegistered(id, models.keySet()));
    }
    return m;
  }

  /** Records the refusal as an event and returns the error to throw. */
  StewardException refuse(RegistryRecords.NewEvent attempted, StewardException why) {
    EventLog.append(
        ctx.spark(),
        ctx.warehouse(),
        List.of(
            new RegistryRecords.NewEvent(
                attempted.actor(),
                "REFUSED",
                attempted.modelId(),
                attempted.version(),
                attempted.fromStage(),
                attempted.toStage(),
                attempted.eventType() + ": " + why.getMessage(),
                attempted.evidence())));
    return why;
  }

  void record(RegistryRecords.NewEvent event) {
    EventLog.append(ctx.spark(), ctx.warehouse(), List.of(event));
  }
}
