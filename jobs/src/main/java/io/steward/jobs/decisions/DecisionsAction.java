package io.steward.jobs.decisions;

import io.steward.common.decisions.EpisodeStatus;
import io.steward.common.decisions.Evaluation;
import io.steward.common.decisions.Observation;
import io.steward.common.decisions.RuleEvaluator;
import io.steward.common.decisions.SeriesKey;
import io.steward.common.decisions.Severity;
import io.steward.common.decisions.ThresholdPolicy;
import io.steward.common.decisions.Thresholds;
import io.steward.common.domain.EventType;
import io.steward.common.domain.RiskTier;
import io.steward.common.lifecycle.GatePolicy;
import io.steward.common.lifecycle.GatePolicyParser;
import io.steward.common.spec.MonitorSpec;
import io.steward.common.triggers.Trigger;
import io.steward.common.triggers.TriggerLifecycle;
import io.steward.jobs.StewardContext;
import io.steward.jobs.notify.Announcer;
import io.steward.jobs.registry.TriggerRecords;
import io.steward.registry.store.AlertStore;
import io.steward.registry.store.Registry;
import io.steward.registry.store.RegistryRecords;
import io.steward.registry.store.RuleRows;
import io.steward.registry.store.ShadowStore;
import io.steward.registry.store.TriggerStore;
import io.steward.registry.warehouse.ConcurrentJobs;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The decisions step of a nightly run: judges every DAY results row of the run's models against the
 * thresholds in force, folds each series over its whole history (with people's acknowledgements and
 * resolutions from the trail) and replaces the models' rows of {@code steward.alerts} in one Delta
 * commit, so that a rerun or an overlapping backfill gives the same episodes, never duplicates.
 *
 * <p>Driver only: it reads the small results tables (a few rows per model, night and feature, never
 * a prediction log), the registry (owners, risk tiers, the policy and the trail) and the models'
 * alerts, all at once, then judges and folds in memory.
 */
public final class DecisionsAction {
  private DecisionsAction() {}

  /** A risk tier for a model the registry does not know (its monitor alone was registered). */
  public static final RiskTier UNREGISTERED_TIER = RiskTier.MEDIUM;

  /**
   * An episode the run opened, or escalated from WARN to CRITICAL, compared with the alerts table
   * before the run.
   */
  public record Raised(AlertStore.Alert alert, boolean escalated) {}

  /**
   * @param raised the episodes opened or escalated by the run
   * @param open the models' episodes not RESOLVED after the run
   * @param triggers the RETRAIN, ROLLBACK and RETIRE triggers the run raised, escalated or actioned
   */
  public record Result(
      List<Raised> raised, List<AlertStore.Alert> open, TriggerLifecycle.Changes triggers) {
    /** Whether the run raised or escalated an alert or a trigger: exit 3 for a scheduler. */
    public boolean raisedAnything() {
      return !raised.isEmpty() || !triggers.raised().isEmpty() || !triggers.escalated().isEmpty();
    }
  }

  /**
   * What the rules need from the registry, which the run's results do not change: read while the
   * results are being written (the nightly holds the warehouse lock, so no registry command writes
   * meanwhile). {@code registry} caches the trail, so the run's trigger events chain onto it.
   */
  public record RegistryState(
      Registry registry,
      Map<String, RegistryRecords.Model> registered,
      String policyYaml,
      List<RegistryRecords.Event> events,
      Map<String, List<RegistryRecords.Version>> versions,
      Map<String, List<RegistryRecords.Artifact>> artifacts,
      List<Trigger> triggers) {}

  /** Reads the registry state the rules need, its tables at once. Driver only: small tables. */
  @SuppressWarnings("unchecked")
  public static RegistryState readRegistry(StewardContext small) {
    Registry registry = new Registry(small.spark(), small.warehouse());
    registry.begin();
    List<Callable<Object>> reads = new ArrayList<>();
    reads.add(registry::models);
    reads.add(registry::policyYaml);
    reads.add(registry::events);
    reads.add(registry::allVersions);
    reads.add(registry::allArtifacts);
    reads.add(() -> TriggerStore.all(small.spark(), small.warehouse()));
    List<Object> read =
        ConcurrentJobs.all(small.spark(), "reading the registry for the rules", reads);
    return new RegistryState(
        registry,
        (Map<String, RegistryRecords.Model>) read.get(0),
        (String) read.get(1),
        (List<RegistryRecords.Event>) read.get(2),
        (Map<String, List<RegistryRecords.Version>>) read.get(3),
        (Map<String, List<RegistryRecords.Artifact>>) read.get(4),
        (List<Trigger>) read.get(5));
  }

  /**
   * @param night the last night the run computed, the day the triggers are judged on
   * @param specs each model's active monitor spec, by model id
   * @param state the registry as {@link #readRegistry} read it during this run
   */
  public static Result run(
      StewardContext small,
      String runId,
      LocalDate night,
      List<String> models,
      Map<String, MonitorSpec> specs,
      RegistryState state) {
    List<Callable<Object>> reads = new ArrayList<>();
    reads.add(() -> RuleRows.day(small.spark(), small.warehouse(), models));
    reads.add(() -> AlertStore.read(small.spark(), small.warehouse(), models));
    // Shadow mode's watches are read only when a model of the run is in shadow mode.
    boolean shadowMode = specs.values().stream().anyMatch(s -> s.shadow().isPresent());
    reads.add(
        () ->
            shadowMode ? ShadowStore.watches(small.spark(), small.warehouse(), models) : List.of());
    List<Object> read =
        ConcurrentJobs.all(small.spark(), "reading the results for the rules", reads);
    @SuppressWarnings("unchecked")
    List<ShadowStore.Watch> watches = (List<ShadowStore.Watch>) read.get(2);
    @SuppressWarnings("unchecked")
    List<RuleRows.Figure> figures = (List<RuleRows.Figure>) read.get(0);
    @SuppressWarnings("unchecked")
    List<AlertStore.Alert> before = (List<AlertStore.Alert>) read.get(1);
    Registry registry = state.registry();
    Map<String, RegistryRecords.Model> registered = state.registered();
    String policyYaml = state.policyYaml();
    List<RegistryRecords.Event> events = state.events();
    Map<String, List<RegistryRecords.Version>> versions = state.versions();
    Map<String, List<RegistryRecords.Artifact>> artifacts = state.artifacts();
    List<Trigger> triggers = state.triggers();

    GatePolicy gatePolicy = GatePolicyParser.parse("in steward.policies", policyYaml);
    ThresholdPolicy policy = gatePolicy.thresholds();
    Map<String, Thresholds> thresholds = new HashMap<>();
    Map<String, Integer> hysteresis = new HashMap<>();
    Map<String, String> owners = new HashMap<>();
    for (String m : models) {
      RegistryRecords.Model reg = registered.get(m);
      RiskTier tier = reg == null ? UNREGISTERED_TIER : RiskTier.parse(reg.riskTier());
      MonitorSpec spec = specs.get(m);
      Thresholds t = policy.resolve(tier, spec.thresholds(), "of model " + m);
      thresholds.put(m, t);
      hysteresis.put(m, t.consecutiveWindows());
      if (reg != null) {
        owners.put(m, reg.owner());
      }
    }
    Map<SeriesKey, List<Evaluation>> series = new LinkedHashMap<>();
    for (RuleRows.Figure f : figures) {
      for (Observation o : Observations.of(f)) {
        series
            .computeIfAbsent(o.key(), k -> new ArrayList<>())
            .add(RuleEvaluator.evaluate(o, thresholds.get(f.modelId())));
      }
    }
    List<AlertStore.Alert> after =
        AlertFold.alerts(series, hysteresis, AlertEvents.of(events), owners, runId, Instant.now());
    Map<String, AlertStore.Alert> earlier = new HashMap<>();
    before.forEach(a -> earlier.put(a.alertId(), a));
    List<AlertStore.Alert> written = new ArrayList<>();
    for (AlertStore.Alert a : after) {
      AlertStore.Alert old = earlier.get(a.alertId());
      written.add(old == null ? a : a.withNotifyOf(old));
    }
    if (!before.isEmpty() || !written.isEmpty()) {
      AlertStore.replaceModels(small.spark(), small.warehouse(), models, written);
    }
    List<AlertStore.Alert> open =
        written.stream().filter(a -> !EpisodeStatus.RESOLVED.name().equals(a.status())).toList();
    TriggerLifecycle.Changes changes =
        NightlyTriggers.judge(
            new NightlyTriggers.Inputs(
                models,
                registered,
                versions,
                artifacts,
                events,
                thresholds,
                figures,
                open,
                triggers,
                watches),
            night,
            Instant.now(),
            small.user(),
            runId);
    List<RegistryRecords.NewEvent> trail = new ArrayList<>();
    for (Trigger t : changes.raised()) {
      trail.add(TriggerRecords.event(small.user(), EventType.TRIGGER_RAISED, t, t.evidence()));
    }
    for (Trigger t : changes.actioned()) {
      trail.add(TriggerRecords.event(small.user(), EventType.TRIGGER_ACTIONED, t, t.closeReason()));
    }
    if (!trail.isEmpty()) {
      // The events and the trigger rows they change: one change on the trail.
      registry.commit(trail, TriggerStore.rows(changes.all()));
    } else if (!changes.all().isEmpty()) {
      TriggerStore.save(small.spark(), small.warehouse(), changes.all());
    }
    List<Raised> raised = raised(before, open);
    announce(small, gatePolicy, registered, models, open, raised, triggers, changes);
    return new Result(raised, open, changes);
  }

  /** The run's new and escalated alerts and triggers, and what earlier runs failed to deliver. */
  private static void announce(
      StewardContext small,
      GatePolicy gatePolicy,
      Map<String, RegistryRecords.Model> registered,
      List<String> models,
      List<AlertStore.Alert> open,
      List<Raised> raised,
      List<Trigger> triggers,
      TriggerLifecycle.Changes changes) {
    Map<String, Trigger> after = new LinkedHashMap<>();
    triggers.stream()
        .filter(t -> models.contains(t.modelId()))
        .forEach(t -> after.put(t.triggerId(), t));
    changes.all().forEach(t -> after.put(t.triggerId(), t));
    Set<String> raisedTriggers = new HashSet<>();
    changes.raised().forEach(t -> raisedTriggers.add(t.triggerId()));
    changes.escalated().forEach(t -> raisedTriggers.add(t.triggerId()));
    Map<String, RiskTier> tiers = new HashMap<>();
    registered.forEach((id, m) -> tiers.put(id, RiskTier.parse(m.riskTier())));
    Set<String> raisedAlerts = new HashSet<>();
    raised.forEach(r -> raisedAlerts.add(r.alert().alertId()));
    Announcer.run(
        small,
        gatePolicy.notifications(),
        open,
        raisedAlerts,
        List.copyOf(after.values()),
        raisedTriggers,
        tiers);
  }

  /**
   * The open episodes whose series had no open episode before, or had one only at WARN and is now
   * CRITICAL. Compared by series rather than by id, so that a backfill which moves an open
   * episode's first breach earlier (and so its id) raises nothing.
   */
  static List<Raised> raised(List<AlertStore.Alert> before, List<AlertStore.Alert> open) {
    Map<String, Severity> wasOpen = new HashMap<>();
    for (AlertStore.Alert a : before) {
      if (!EpisodeStatus.RESOLVED.name().equals(a.status())) {
        wasOpen.merge(series(a), Severity.valueOf(a.severity()), Severity::worse);
      }
    }
    List<Raised> out = new ArrayList<>();
    for (AlertStore.Alert a : open) {
      Severity was = wasOpen.get(series(a));
      Severity now = Severity.valueOf(a.severity());
      if (was == null) {
        out.add(new Raised(a, false));
      } else if (now.worse(was) != was) {
        out.add(new Raised(a, true));
      }
    }
    return out;
  }

  private static String series(AlertStore.Alert a) {
    return String.join(
        "\u0000", a.modelId(), String.valueOf(a.modelVersion()), a.rule(), a.subject());
  }
}
