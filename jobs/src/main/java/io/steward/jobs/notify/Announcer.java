package io.steward.jobs.notify;

import io.steward.common.decisions.NotifyPolicy;
import io.steward.common.domain.RiskTier;
import io.steward.common.errors.Errors;
import io.steward.common.triggers.Trigger;
import io.steward.common.triggers.TriggerStatus;
import io.steward.jobs.StewardContext;
import io.steward.registry.store.AlertStore;
import io.steward.registry.store.TriggerStore;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Announces the alerts and triggers a run raised, and retries what an earlier run failed to
 * deliver, through the gate policy's webhooks ({@link NotifyPolicy}). Runs on the driver after the
 * results and decisions are written; each item's outcome goes back on its row (notify_status,
 * notify_attempts, notified_at, notify_error), so a failed delivery is retried by the next run and
 * never lost, and a delivery problem never fails the run.
 *
 * <p>What is announced: an alert the run opened or escalated, or an OPEN alert whose last attempt
 * FAILED or found no route; a trigger the run raised or escalated, or an OPEN trigger whose last
 * attempt FAILED or found no route. Acknowledged and resolved alerts and closed triggers are not.
 */
public final class Announcer {
  private final NotifyPolicy policy;
  private final Webhook webhook;

  public Announcer(NotifyPolicy policy, Webhook webhook) {
    this.policy = policy;
    this.webhook = webhook;
  }

  /** What one round of announcements did, and the rows to write back. */
  public record Outcome(
      List<AlertStore.Alert> alerts, List<Trigger> triggers, int delivered, int failed) {
    public Outcome {
      alerts = List.copyOf(alerts);
      triggers = List.copyOf(triggers);
    }

    /** One line for the run's progress: what was sent and what waits for the next run. */
    public String line() {
      int noRoute = alerts.size() + triggers.size() - delivered - failed;
      return "notify: "
          + delivered
          + " delivered, "
          + failed
          + " failed (retried next run)"
          + (noRoute == 0 ? "" : ", " + noRoute + " without a webhook in the policy");
    }
  }

  /**
   * @param alerts candidate alerts (the models' open ones after the run)
   * @param raisedAlerts the ids of the alerts the run opened or escalated
   * @param triggers candidate triggers (those the run changed, and any OPEN ones to retry)
   * @param raisedTriggers the ids of the triggers the run raised or escalated
   * @param tiers each registered model's risk tier
   */
  public Outcome announce(
      List<AlertStore.Alert> alerts,
      Set<String> raisedAlerts,
      List<Trigger> triggers,
      Set<String> raisedTriggers,
      Map<String, RiskTier> tiers) {
    List<AlertStore.Alert> alertRows = new ArrayList<>();
    List<Trigger> triggerRows = new ArrayList<>();
    int delivered = 0;
    int failed = 0;
    for (AlertStore.Alert a : alerts) {
      boolean due =
          "OPEN".equals(a.status())
              && (raisedAlerts.contains(a.alertId()) || pending(a.notifyStatus()));
      if (!due) {
        continue;
      }
      Delivery d = send(a.owner(), tiers.get(a.modelId()), text(a));
      if (d == null) {
        if (!Delivery.Status.NO_ROUTE.name().equals(a.notifyStatus())) {
          alertRows.add(
              a.withNotify(Delivery.Status.NO_ROUTE.name(), a.notifyAttempts(), null, null));
        }
        continue;
      }
      delivered += d.status() == Delivery.Status.DELIVERED ? 1 : 0;
      failed += d.retry() ? 1 : 0;
      alertRows.add(a.withNotify(d.status().name(), a.notifyAttempts() + 1, d.at(), d.error()));
    }
    for (Trigger t : triggers) {
      boolean due =
          t.status() == TriggerStatus.OPEN
              && (raisedTriggers.contains(t.triggerId()) || pending(t.notification().status()));
      if (!due) {
        continue;
      }
      Delivery d = send(t.owner(), tiers.get(t.modelId()), text(t));
      if (d == null) {
        if (!Delivery.Status.NO_ROUTE.name().equals(t.notification().status())) {
          triggerRows.add(
              t.withNotification(
                  new Trigger.Notification(
                      Delivery.Status.NO_ROUTE.name(), t.notification().attempts(), null, null)));
        }
        continue;
      }
      delivered += d.status() == Delivery.Status.DELIVERED ? 1 : 0;
      failed += d.retry() ? 1 : 0;
      triggerRows.add(
          t.withNotification(
              new Trigger.Notification(
                  d.status().name(), t.notification().attempts() + 1, d.at(), d.error())));
    }
    return new Outcome(alertRows, triggerRows, delivered, failed);
  }

  /**
   * Announces and records the outcome on the rows, on the driver; with no webhook in the policy it
   * does nothing (the rows stay never-attempted, so a webhook added later announces what is still
   * open). Never throws: a problem is one progress line, and the rows are tried again next run.
   */
  public static void run(
      StewardContext small,
      NotifyPolicy policy,
      List<AlertStore.Alert> alerts,
      Set<String> raisedAlerts,
      List<Trigger> triggers,
      Set<String> raisedTriggers,
      Map<String, RiskTier> tiers) {
    if (policy.isEmpty()) {
      return;
    }
    try {
      Outcome o =
          new Announcer(policy, new Webhook(policy.timeout(), Clock.systemUTC()))
              .announce(alerts, raisedAlerts, triggers, raisedTriggers, tiers);
      AlertStore.saveAll(small.spark(), small.warehouse(), o.alerts());
      TriggerStore.save(small.spark(), small.warehouse(), o.triggers());
      if (!o.alerts().isEmpty() || !o.triggers().isEmpty()) {
        small.progress(o.line());
      }
    } catch (RuntimeException e) {
      small.progress(
          "notify: not recorded, retried next run: "
              + Errors.oneLine(e.getMessage() == null ? e.toString() : e.getMessage()));
    }
  }

  /** Never attempted, failed last time, or had no route last time (the policy may have one now). */
  private static boolean pending(String status) {
    return status == null
        || Delivery.Status.FAILED.name().equals(status)
        || Delivery.Status.NO_ROUTE.name().equals(status);
  }

  /** The delivery to the item's route, or null when the policy has none for it. */
  private Delivery send(String owner, RiskTier tier, String text) {
    Optional<URI> route = policy.route(owner, tier);
    return route.map(u -> webhook.post(u, text)).orElse(null);
  }

  /** The message of an alert, plain text for a chat channel. */
  static String text(AlertStore.Alert a) {
    return String.format(
        Locale.ROOT,
        "[steward] %s alert on %s%s: %s%s is %s (threshold %s) since %s, %d night(s) in a row."
            + " Owner: %s. Acknowledge: steward alert ack --id %s --reason \"...\"",
        a.severity(),
        a.modelId(),
        a.modelVersion() == null ? "" : " " + a.modelVersion(),
        a.rule(),
        a.subject().isEmpty() ? "" : " of " + a.subject(),
        number(a.latestValue()),
        number(a.threshold()),
        a.firstBreach(),
        a.consecutive(),
        a.owner() == null ? "none (model not registered)" : a.owner(),
        a.alertId());
  }

  /** The message of a trigger, plain text for a chat channel. */
  static String text(Trigger t) {
    return String.format(
        Locale.ROOT,
        "[steward] %s%s (%s) for %s%s, due %s. Owner: %s. %s. Dismiss with a reason: steward"
            + " trigger dismiss --id %s --reason \"...\"",
        t.escalated() ? "OVERDUE " : "",
        t.kind(),
        t.reason(),
        t.modelId(),
        t.modelVersion() == null ? "" : " " + t.modelVersion(),
        t.dueDate(),
        t.owner() == null ? "none (model not registered)" : t.owner(),
        t.evidence(),
        t.triggerId());
  }

  private static String number(Double v) {
    return v == null ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
  }
}
