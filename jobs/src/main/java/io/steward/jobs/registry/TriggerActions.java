package io.steward.jobs.registry;

import io.steward.common.domain.EventType;
import io.steward.common.domain.Role;
import io.steward.common.errors.Errors;
import io.steward.common.triggers.Trigger;
import io.steward.common.triggers.TriggerStatus;
import io.steward.jobs.StewardContext;
import io.steward.registry.store.Effect;
import io.steward.registry.store.RegistryRecords;
import io.steward.registry.store.TriggerStore;
import java.time.Instant;
import java.util.List;

/**
 * What people do with triggers: list them, and dismiss one with a reason. A dismissal is a
 * lifecycle event (written first) and then the trigger's row; a refused dismissal is one REFUSED
 * event and nothing else. Driver only.
 */
public final class TriggerActions {
  private TriggerActions() {}

  public static List<Trigger> list(StewardContext ctx, TriggerStore.Filter filter) {
    Governance.of(ctx);
    return TriggerStore.list(ctx.spark(), ctx.warehouse(), filter);
  }

  /**
   * Dismisses an OPEN trigger: by the model's owner (holding the OWNER role), a VALIDATOR or a
   * PLATFORM_ADMIN, with a reason.
   */
  public static Trigger dismiss(StewardContext ctx, String triggerId, String reason) {
    Governance g = Governance.of(ctx);
    if (reason == null || reason.isBlank()) {
      throw Errors.badArgument("--reason", reason, "the reason for dismissing, in words");
    }
    Trigger t = TriggerStore.get(ctx.spark(), ctx.warehouse(), triggerId);
    if (t == null) {
      throw Errors.unknownTrigger(triggerId);
    }
    RegistryRecords.NewEvent attempt =
        new RegistryRecords.NewEvent(
            g.actor,
            EventType.TRIGGER_DISMISSED,
            t.modelId(),
            t.modelVersion(),
            null,
            null,
            t.triggerId() + ": " + reason,
            t.kind() + " " + t.reason());
    if (t.status() != TriggerStatus.OPEN) {
      throw g.refuse(attempt, Errors.triggerClosed(t.triggerId(), t.status().name()));
    }
    RegistryRecords.Model m = g.registry.models().get(t.modelId());
    boolean owner = m != null && m.owner().equals(g.actor) && g.has(g.actor, Role.OWNER);
    if (!owner && !g.has(g.actor, Role.VALIDATOR) && !g.has(g.actor, Role.PLATFORM_ADMIN)) {
      throw g.refuse(
          attempt,
          Errors.notPermitted(
              g.actor,
              "dismiss trigger " + t.triggerId(),
              "to own model " + t.modelId() + ", or the VALIDATOR or PLATFORM_ADMIN role"));
    }
    Trigger dismissed = t.close(TriggerStatus.DISMISSED, g.actor, Instant.now(), reason);
    g.commit(attempt, TriggerStore.rows(List.of(dismissed)).toArray(Effect[]::new));
    return dismissed;
  }
}
