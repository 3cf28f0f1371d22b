package io.steward.jobs.decisions;

import io.steward.common.decisions.Rule;
import io.steward.common.decisions.Severity;
import io.steward.common.decisions.Thresholds;
import io.steward.common.domain.EventType;
import io.steward.common.domain.RiskTier;
import io.steward.common.domain.Stage;
import io.steward.common.triggers.Finding;
import io.steward.common.triggers.ModelHistory;
import io.steward.common.triggers.NightlyTriggerRules;
import io.steward.common.triggers.Trigger;
import io.steward.common.triggers.TriggerKind;
import io.steward.common.triggers.TriggerLifecycle;
import io.steward.common.triggers.TriggerStatus;
import io.steward.jobs.registry.TransitionAction;
import io.steward.jobs.registry.TriggerRecords;
import io.steward.registry.store.AlertStore;
import io.steward.registry.store.RegistryRecords;
import io.steward.registry.store.RuleRows;
import io.steward.registry.store.ShadowStore;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The RETRAIN, ROLLBACK and RETIRE triggers of a nightly run ({@link NightlyTriggerRules}), judged
 * on the driver from what the decisions step already holds (the models' results rows and open
 * alerts) and the registry (versions, their promotions in the trail, validation reports and the
 * triggers so far). Pure apart from its inputs: {@link DecisionsAction} reads and writes.
 */
final class NightlyTriggers {
  private NightlyTriggers() {}

  /** Everything the rules need, already read. */
  record Inputs(
      List<String> models,
      Map<String, RegistryRecords.Model> registered,
      Map<String, List<RegistryRecords.Version>> versions,
      Map<String, List<RegistryRecords.Artifact>> artifacts,
      List<RegistryRecords.Event> events,
      Map<String, Thresholds> thresholds,
      List<RuleRows.Figure> figures,
      List<AlertStore.Alert> openAlerts,
      List<Trigger> triggers,
      List<ShadowStore.Watch> shadowWatches) {}

  /** The changes to the triggers on {@code night}, by the run {@code runId} of {@code actor}. */
  static TriggerLifecycle.Changes judge(
      Inputs in, LocalDate night, Instant at, String actor, String runId) {
    Map<String, ModelHistory> histories = new HashMap<>();
    List<Finding> findings = new ArrayList<>();
    for (String m : in.models()) {
      RegistryRecords.Model reg = in.registered().get(m);
      if (reg == null) {
        continue; // the audit raises UNREGISTERED; the nightly rules need a registered model
      }
      ModelHistory h = history(reg, in);
      histories.put(m, h);
      findings.addAll(
          NightlyTriggerRules.findings(
              h, in.thresholds().get(m), night, NightlyTriggerRules.Settings.DEFAULTS));
    }
    List<Trigger> ours =
        in.triggers().stream()
            .filter(t -> histories.containsKey(t.modelId()))
            .filter(t -> NightlyTriggerRules.KINDS.contains(t.kind()))
            .toList();
    return TriggerLifecycle.apply(
        ours,
        findings,
        new TriggerLifecycle.Run(night, at, actor, runId),
        NightlyTriggerRules.KINDS,
        NightlyTriggerRules.answers(histories, night, NightlyTriggerRules.Settings.DEFAULTS));
  }

  private static ModelHistory history(RegistryRecords.Model reg, Inputs in) {
    String m = reg.modelId();
    List<ModelHistory.Version> versions = new ArrayList<>();
    for (RegistryRecords.Version v : in.versions().getOrDefault(m, List.of())) {
      versions.add(
          new ModelHistory.Version(
              v.version(),
              Stage.valueOf(v.stage()),
              v.createdAt(),
              promoted(in.events(), m, v.version()),
              TriggerRecords.validatedOn(in.artifacts().getOrDefault(m, List.of()), v.version())));
    }
    List<ModelHistory.OpenAlert> alerts = new ArrayList<>();
    for (AlertStore.Alert a : in.openAlerts()) {
      Rule rule = Rule.ofKey(a.rule());
      if (a.modelId().equals(m) && rule != null) {
        alerts.add(
            new ModelHistory.OpenAlert(
                a.alertId(),
                a.modelVersion(),
                rule,
                a.subject(),
                Severity.valueOf(a.severity()),
                a.firstBreach()));
      }
    }
    List<ModelHistory.Labelled> performance = new ArrayList<>();
    Map<String, LocalDate> lastTraffic = new HashMap<>();
    Thresholds t = in.thresholds().get(m);
    for (RuleRows.Figure f : in.figures()) {
      if (!f.modelId().equals(m) || f.modelVersion() == null || f.value() == null) {
        continue;
      }
      if ("feature_drift".equals(f.table()) && "psi".equals(f.metric())) {
        lastTraffic.merge(f.modelVersion(), f.night(), (x, y) -> x.isAfter(y) ? x : y);
      }
      boolean overall =
          "performance_metrics".equals(f.table())
              && f.baseline() != null
              && ("auc".equals(f.metric()) || "rmse".equals(f.metric()))
              && (f.n() == null || f.n() >= t.minLabelledRows());
      if (overall) {
        performance.add(
            new ModelHistory.Labelled(
                f.modelVersion(),
                f.night(),
                f.metric(),
                "auc".equals(f.metric()),
                f.value(),
                f.ciLow(),
                f.ciHigh()));
      }
    }
    int retrains =
        (int)
            in.triggers().stream()
                .filter(x -> x.modelId().equals(m) && x.kind() == TriggerKind.RETRAIN)
                .filter(x -> x.status() == TriggerStatus.ACTIONED)
                .filter(x -> x.closeReason() != null && x.closeReason().contains(" validated on "))
                .count();
    return new ModelHistory(
        m,
        RiskTier.valueOf(reg.riskTier()),
        reg.owner(),
        Stage.valueOf(reg.stage()),
        reg.championVersion(),
        versions,
        alerts,
        performance,
        lastTraffic,
        retrains,
        in.shadowWatches().stream()
            .filter(w -> w.modelId().equals(m))
            .map(
                w ->
                    new ModelHistory.ShadowWatch(
                        w.night(),
                        w.champion(),
                        w.watched(),
                        "ROLLBACK".equals(w.verdict()),
                        String.join("; ", w.reasons())))
            .toList());
  }

  /**
   * The day the version last moved to PRODUCTION, from the trail (the day the move took effect in
   * serving when it was recorded with {@code --effective-on}); null when it never did.
   */
  private static LocalDate promoted(List<RegistryRecords.Event> events, String model, String v) {
    LocalDate last = null;
    for (RegistryRecords.Event e : events) {
      boolean moved =
          (EventType.TRANSITIONED.name().equals(e.eventType())
                  || EventType.OVERRIDDEN.name().equals(e.eventType()))
              && model.equals(e.modelId())
              && v.equals(e.version())
              && Stage.PRODUCTION.name().equals(e.toStage());
      LocalDate effective = moved ? TransitionAction.effectiveDay(e) : null;
      if (moved && (last == null || effective.isAfter(last))) {
        last = effective;
      }
    }
    return last;
  }
}
