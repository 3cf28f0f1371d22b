package io.steward.jobs.registry;

import io.steward.common.domain.EventType;
import io.steward.common.domain.Outcome;
import io.steward.common.domain.RiskTier;
import io.steward.common.domain.Stage;
import io.steward.common.errors.StewardException;
import io.steward.common.lifecycle.GateEvidence;
import io.steward.common.spec.TableRef;
import io.steward.registry.store.BaselineStore;
import io.steward.registry.store.MonitorStore;
import io.steward.registry.store.RegistryRecords;
import io.steward.registry.store.SourceTables;
import java.util.ArrayList;
import java.util.List;

/**
 * Gathers from the registry what a lifecycle gate consults: the model, the version, its artifacts,
 * the approvals since the subject's last move, the roles, and whether a monitor and a baseline
 * exist. Driver only: the registry tables are small and the training table is read for its Delta
 * version alone.
 */
final class GateEvidenceReader {
  private GateEvidenceReader() {}

  /**
   * Gathers what the gate into {@code to} consults (everything but the roles is skipped when {@code
   * to} is null). Approvals count only since the subject's last move.
   */
  static GateEvidence read(
      Governance g, RegistryRecords.Model m, RegistryRecords.Version v, Stage to) {
    boolean approvalsNeeded = to != null && to != Stage.VALIDATION;
    List<RegistryRecords.Event> events =
        !approvalsNeeded
            ? List.of()
            : g.registry.events().stream().filter(e -> m.modelId().equals(e.modelId())).toList();
    long since = 0;
    for (RegistryRecords.Event e : events) {
      boolean moved =
          e.is(EventType.TRANSITIONED) || e.is(EventType.OVERRIDDEN) || e.is(EventType.REGISTERED);
      boolean sameSubject = v == null || e.version() == null || e.version().equals(v.version());
      if (moved && sameSubject) {
        since = e.seq();
      }
    }
    List<GateEvidence.Approval> approvals = new ArrayList<>();
    for (RegistryRecords.Event e : events) {
      if (e.seq() > since && e.is(EventType.APPROVED)) {
        approvals.add(
            new GateEvidence.Approval(Stage.valueOf(e.toStage()), e.version(), e.actor()));
      }
    }
    List<GateEvidence.Artifact> artifacts = new ArrayList<>();
    for (RegistryRecords.Artifact a :
        to == null ? List.<RegistryRecords.Artifact>of() : g.registry.artifacts(m.modelId())) {
      artifacts.add(
          new GateEvidence.Artifact(
              a.kind(),
              a.version(),
              a.outcome() == null ? null : Outcome.valueOf(a.outcome()),
              a.addedBy(),
              a.details()));
    }
    GateEvidence.Version version = null;
    if (v != null) {
      boolean resolvable = true;
      if (to == Stage.VALIDATION) {
        try {
          TableRef ref = TableRef.parse(v.trainingTable());
          resolvable =
              ref != null && SourceTables.latestVersion(g.ctx.spark(), ref) >= v.trainingVersion();
        } catch (StewardException e) {
          resolvable = false;
        }
      }
      version =
          new GateEvidence.Version(
              v.version(),
              v.trainingTable(),
              v.trainingVersion(),
              resolvable,
              v.params(),
              v.metrics(),
              v.developer(),
              Stage.valueOf(v.stage()));
    }
    boolean deploying = to == Stage.DEPLOYMENT;
    boolean monitor =
        deploying && MonitorStore.active(g.ctx.spark(), g.ctx.warehouse()).containsKey(m.modelId());
    boolean baseline =
        deploying
            && !BaselineStore.load(g.ctx.spark(), g.ctx.warehouse(), List.of(m.modelId()))
                .isEmpty();
    return new GateEvidence(
        new GateEvidence.Model(
            m.modelId(),
            m.owner(),
            RiskTier.valueOf(m.riskTier()),
            Stage.valueOf(m.stage()),
            m.successCriteria()),
        version,
        artifacts,
        approvals,
        g.roles(),
        monitor,
        baseline,
        null);
  }
}
