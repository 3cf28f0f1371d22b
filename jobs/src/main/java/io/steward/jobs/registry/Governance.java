package io.steward.jobs.registry;

import io.steward.common.domain.EventType;
import io.steward.common.domain.Role;
import io.steward.common.errors.Errors;
import io.steward.common.errors.StewardException;
import io.steward.common.lifecycle.GatePolicy;
import io.steward.common.lifecycle.GatePolicyParser;
import io.steward.jobs.StewardContext;
import io.steward.registry.store.Effect;
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
public final class Governance {
  final StewardContext ctx;
  final Registry registry;
  final String actor;

  private Governance(StewardContext ctx, Registry registry) {
    Migrations.requireCurrent(ctx.spark(), ctx.warehouse());
    this.ctx = ctx;
    this.registry = registry;
    this.actor = ctx.user();
    registry.begin();
  }

  /** One command's view of the registry, acting as the context's user. */
  public static Governance of(StewardContext ctx) {
    return new Governance(ctx, new Registry(ctx.spark(), ctx.warehouse()));
  }

  /**
   * Acting as {@code user} on a registry shared with other governance views of the same locked run
   * (the demo acts as several people in one run).
   */
  public static Governance as(StewardContext ctx, String user, Registry shared) {
    return new Governance(
        new StewardContext(ctx.spark(), ctx.warehouse(), user, ctx.out(), ctx.err()), shared);
  }

  /** Active roles by user. */
  Map<String, Set<Role>> roles() {
    Map<String, Set<Role>> roles = new HashMap<>();
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

  RegistryRecords.Model model(String id, EventType attempted) {
    Map<String, RegistryRecords.Model> models = registry.models();
    RegistryRecords.Model m = models.get(id);
    if (m == null) {
      throw refuse(
          new RegistryRecords.NewEvent(actor, attempted, id, null, null, null, null, null),
          Errors.notRegistered(id, models.keySet()));
    }
    return m;
  }

  /** The model, for commands that only read: an unknown id is an error but not an event. */
  RegistryRecords.Model existing(String id) {
    Map<String, RegistryRecords.Model> models = registry.models();
    RegistryRecords.Model m = models.get(id);
    if (m == null) {
      throw Errors.notRegistered(id, models.keySet());
    }
    return m;
  }

  /** Records the refusal as an event and returns the error to throw. */
  StewardException refuse(RegistryRecords.NewEvent attempted, StewardException why) {
    registry.appendEvents(
        List.of(
            new RegistryRecords.NewEvent(
                attempted.actor(),
                EventType.REFUSED,
                attempted.modelId(),
                attempted.version(),
                attempted.fromStage(),
                attempted.toStage(),
                attempted.eventType() + ": " + why.getMessage(),
                attempted.evidence())));
    return why;
  }

  void record(RegistryRecords.NewEvent event) {
    registry.appendEvents(List.of(event));
  }

  /** Records a change: the event and the rows it writes ({@link Registry#commit}). */
  void commit(RegistryRecords.NewEvent event, Effect... rows) {
    registry.commit(List.of(event), List.of(rows));
  }
}
