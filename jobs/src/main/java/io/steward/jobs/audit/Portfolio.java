package io.steward.jobs.audit;

import io.steward.common.decisions.ThresholdPolicy;
import io.steward.common.domain.RiskTier;
import io.steward.common.domain.Stage;
import io.steward.common.lifecycle.GatePolicyParser;
import io.steward.common.triggers.ModelFacts;
import io.steward.common.triggers.Trigger;
import io.steward.common.triggers.VersionKey;
import io.steward.jobs.StewardContext;
import io.steward.jobs.registry.TriggerRecords;
import io.steward.registry.store.JobRunStore;
import io.steward.registry.store.MonitorStore;
import io.steward.registry.store.OpenAlerts;
import io.steward.registry.store.Registry;
import io.steward.registry.store.RegistryRecords;
import io.steward.registry.store.TriggerStore;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the audit reads from the registry, once, on the driver: models, versions, artifacts, grants,
 * active monitors, the last monitored night per model, the policy's thresholds, open alerts and
 * every trigger. Each is one small read of a registry table.
 */
record Portfolio(
    Map<String, RegistryRecords.Model> models,
    Map<String, List<RegistryRecords.Version>> versions,
    Map<String, List<RegistryRecords.Artifact>> artifacts,
    List<RegistryRecords.Grant> grants,
    Map<String, MonitorStore.Registered> monitors,
    Map<String, LocalDate> lastNights,
    ThresholdPolicy policyThresholds,
    Map<String, OpenAlerts.Count> openAlerts,
    List<Trigger> triggers) {

  static Portfolio read(StewardContext small, Registry registry) {
    return new Portfolio(
        registry.models(),
        registry.allVersions(),
        registry.allArtifacts(),
        registry.grants(),
        MonitorStore.active(small.spark(), small.warehouse()),
        JobRunStore.lastMonitoredNights(small.spark(), small.warehouse()),
        GatePolicyParser.parse("in steward.policies", registry.policyYaml()).thresholds(),
        OpenAlerts.byModel(small.spark(), small.warehouse()),
        TriggerStore.all(small.spark(), small.warehouse()));
  }

  Set<VersionKey> registeredVersions() {
    Set<VersionKey> out = new HashSet<>();
    versions.forEach((m, vs) -> vs.forEach(v -> out.add(new VersionKey(m, v.version()))));
    return out;
  }

  /** Whether a monitored model's thresholds are set for it, by its spec or by the policy. */
  boolean thresholdsTuned(String modelId) {
    MonitorStore.Registered r = monitors.get(modelId);
    if (r == null) {
      return false;
    }
    RiskTier tier =
        RiskTier.parse(models.containsKey(modelId) ? models.get(modelId).riskTier() : "");
    return !r.spec().thresholds().isEmpty()
        || !policyThresholds.base().isEmpty()
        || (tier != null
            && policyThresholds.tiers().containsKey(tier)
            && !policyThresholds.tiers().get(tier).isEmpty());
  }

  /**
   * The zombie rules' facts of every registered model; the lineage is checked only for the versions
   * in {@code serving} (and a champion standing in for traffic that names no version).
   */
  Map<String, ModelFacts> facts(Set<VersionKey> serving, LineageCheck lineage) {
    Map<String, Set<String>> active = new HashMap<>();
    for (RegistryRecords.Grant g : grants) {
      active.computeIfAbsent(g.user(), k -> new HashSet<>()).add(g.active() ? "active" : "revoked");
    }
    Map<String, ModelFacts> out = new HashMap<>();
    for (RegistryRecords.Model m : models.values()) {
      Set<String> states = active.getOrDefault(m.owner(), Set.of());
      ModelFacts.OwnerState owner =
          states.contains("active")
              ? ModelFacts.OwnerState.ACTIVE
              : states.isEmpty() ? ModelFacts.OwnerState.UNKNOWN : ModelFacts.OwnerState.INACTIVE;
      Map<String, ModelFacts.VersionFacts> vs = new HashMap<>();
      for (RegistryRecords.Version v : versions.getOrDefault(m.modelId(), List.of())) {
        boolean checked =
            serving.contains(new VersionKey(m.modelId(), v.version()))
                || (serving.contains(new VersionKey(m.modelId(), null))
                    && v.version().equals(m.championVersion()));
        vs.put(
            v.version(),
            new ModelFacts.VersionFacts(
                v.version(),
                Stage.valueOf(v.stage()),
                checked ? lineage.problem(v.trainingTable(), v.trainingVersion()) : null,
                TriggerRecords.validatedOn(
                    artifacts.getOrDefault(m.modelId(), List.of()), v.version())));
      }
      out.put(
          m.modelId(),
          new ModelFacts(
              m.modelId(),
              RiskTier.valueOf(m.riskTier()),
              Stage.valueOf(m.stage()),
              m.owner(),
              owner,
              monitors.containsKey(m.modelId()),
              lastNights.get(m.modelId()),
              m.championVersion(),
              TriggerRecords.validatedOn(artifacts.getOrDefault(m.modelId(), List.of()), null),
              vs));
    }
    return out;
  }
}
