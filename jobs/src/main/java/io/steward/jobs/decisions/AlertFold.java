package io.steward.jobs.decisions;

import io.steward.common.decisions.Episode;
import io.steward.common.decisions.EpisodeFold;
import io.steward.common.decisions.Evaluation;
import io.steward.common.decisions.ManualAction;
import io.steward.common.decisions.SeriesKey;
import io.steward.registry.store.AlertStore;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Folds each series' judged nights, over its whole history, into alert rows: the episodes of {@link
 * EpisodeFold} with people's actions applied, and the columns of {@code steward.alerts} that say
 * who acknowledged or resolved an episode and why. The notification columns start empty (the caller
 * carries over an earlier row's). Pure; runs on the driver.
 */
final class AlertFold {
  private AlertFold() {}

  /**
   * @param series each series' evaluations, any night order
   * @param consecutiveWindows the hysteresis of each model, by model id
   * @param actions every alert action of the trail, in its order
   * @param owners each registered model's owner; a model not registered has none
   */
  static List<AlertStore.Alert> alerts(
      Map<SeriesKey, List<Evaluation>> series,
      Map<String, Integer> consecutiveWindows,
      List<AlertEvents.Recorded> actions,
      Map<String, String> owners,
      String runId,
      Instant now) {
    List<ManualAction> manual = actions.stream().map(AlertEvents.Recorded::action).toList();
    Map<String, AlertEvents.Recorded> lastAck = new HashMap<>();
    Map<String, AlertEvents.Recorded> lastResolve = new HashMap<>();
    Map<String, AlertEvents.Recorded> last = new HashMap<>();
    for (AlertEvents.Recorded a : actions) {
      String id = a.action().episodeId();
      (a.action().kind() == ManualAction.Kind.ACKNOWLEDGE ? lastAck : lastResolve).put(id, a);
      last.put(id, a);
    }
    List<AlertStore.Alert> out = new ArrayList<>();
    for (Map.Entry<SeriesKey, List<Evaluation>> s : series.entrySet()) {
      SeriesKey key = s.getKey();
      String model = key.modelId().value();
      Set<LocalDate> ciNights = new HashSet<>();
      for (Evaluation e : s.getValue()) {
        if (e.breach() && e.ciUsed()) {
          ciNights.add(e.observation().night());
        }
      }
      for (Episode ep : EpisodeFold.fold(s.getValue(), consecutiveWindows.get(model), manual)) {
        AlertEvents.Recorded ack = lastAck.get(ep.id());
        AlertEvents.Recorded resolve = ep.manuallyResolved() ? lastResolve.get(ep.id()) : null;
        AlertEvents.Recorded reason = last.get(ep.id());
        out.add(
            new AlertStore.Alert(
                ep.id(),
                model,
                key.modelVersion(),
                key.rule().key(),
                key.subject(),
                ep.status().name(),
                ep.severity().name(),
                ep.firstBreach(),
                ep.lastBreach(),
                ep.openedOn(),
                ep.resolvedOn(),
                ep.consecutive(),
                ep.worstValue(),
                ep.latestValue(),
                ep.threshold(),
                ep.breaches().stream().anyMatch(b -> ciNights.contains(b.night())),
                owners.get(model),
                ep.evidence(),
                runId,
                now,
                ack == null ? null : ack.actor(),
                ack == null ? null : ack.at(),
                resolve == null ? null : resolve.actor(),
                reason == null ? null : reason.reason(),
                null,
                0,
                null,
                null));
      }
    }
    return out;
  }
}
