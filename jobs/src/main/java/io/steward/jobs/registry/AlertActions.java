package io.steward.jobs.registry;

import io.steward.common.decisions.EpisodeStatus;
import io.steward.common.domain.EventType;
import io.steward.common.domain.Role;
import io.steward.common.errors.Errors;
import io.steward.jobs.StewardContext;
import io.steward.jobs.decisions.AlertEvents;
import io.steward.registry.store.AlertStore;
import io.steward.registry.store.RegistryRecords;
import io.steward.registry.store.RuleRows;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * People's actions on alert episodes: acknowledge (quiet until it escalates) and resolve (closed; a
 * later breach opens a new episode), each with a reason, by the model's owner, a VALIDATOR or a
 * PLATFORM_ADMIN. The action is a lifecycle event that names the alert and the latest night of the
 * model's results, which the next nightly fold honours ({@link AlertEvents}); the alert's row is
 * updated at once. A refusal (unknown alert, no reason, not permitted, already resolved) writes one
 * REFUSED event and nothing else. Driver only.
 */
public final class AlertActions {
  private AlertActions() {}

  /** Which action. */
  public enum Kind {
    ACKNOWLEDGE(EventType.ALERT_ACKNOWLEDGED, "acknowledge"),
    RESOLVE(EventType.ALERT_RESOLVED, "resolve");

    final EventType event;
    final String verb;

    Kind(EventType event, String verb) {
      this.event = event;
      this.verb = verb;
    }
  }

  /** The alerts of every model (or of {@code models}), without the lock: a read. */
  public static List<AlertStore.Alert> list(StewardContext ctx, List<String> models) {
    Governance.of(ctx);
    return AlertStore.read(ctx.spark(), ctx.warehouse(), models);
  }

  /** Acknowledges or resolves alert {@code alertId}; returns its row as updated. */
  public static AlertStore.Alert act(StewardContext ctx, Kind kind, String alertId, String reason) {
    Governance g = Governance.of(ctx);
    AlertStore.Alert a = AlertStore.find(ctx.spark(), ctx.warehouse(), alertId);
    RegistryRecords.NewEvent attempt =
        new RegistryRecords.NewEvent(
            g.actor,
            kind.event,
            a == null ? null : a.modelId(),
            a == null ? null : a.modelVersion(),
            null,
            null,
            reason,
            "alert_id=" + alertId);
    if (a == null) {
      throw g.refuse(attempt, Errors.unknownAlert(alertId));
    }
    if (reason == null || reason.isBlank()) {
      throw g.refuse(attempt, Errors.badArgument("--reason", reason, "a reason for the trail"));
    }
    RegistryRecords.Model model = g.registry.models().get(a.modelId());
    boolean owner = model != null && g.actor.equals(model.owner());
    if (!owner && !g.has(g.actor, Role.VALIDATOR) && !g.has(g.actor, Role.PLATFORM_ADMIN)) {
      throw g.refuse(
          attempt,
          Errors.notPermitted(
              g.actor,
              kind.verb + " alert " + alertId + " of model " + a.modelId(),
              "ownership of the model, the VALIDATOR role or the PLATFORM_ADMIN role"));
    }
    if (EpisodeStatus.RESOLVED.name().equals(a.status())) {
      throw g.refuse(attempt, Errors.alertResolved(alertId, a.resolvedOn()));
    }
    LocalDate latest = RuleRows.latestNight(ctx.spark(), ctx.warehouse(), a.modelId());
    LocalDate night = latest == null || latest.isBefore(a.lastBreach()) ? a.lastBreach() : latest;
    Instant now = Instant.now();
    AlertStore.Alert updated =
        kind == Kind.ACKNOWLEDGE
            ? a.withAction(EpisodeStatus.ACKNOWLEDGED.name(), null, g.actor, now, null, reason, now)
            : a.withAction(
                EpisodeStatus.RESOLVED.name(),
                night,
                a.acknowledgedBy(),
                a.acknowledgedAt(),
                g.actor,
                reason,
                now);
    g.commit(
        new RegistryRecords.NewEvent(
            g.actor,
            kind.event,
            a.modelId(),
            a.modelVersion(),
            null,
            null,
            reason,
            AlertEvents.evidence(alertId, night)),
        AlertStore.row(updated));
    return updated;
  }
}
