package io.steward.jobs.registry;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;

import io.steward.common.domain.ArtifactKind;
import io.steward.common.domain.EventType;
import io.steward.common.domain.Granularity;
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
import io.steward.registry.store.TableWriter;
import io.steward.registry.tables.StewardTables;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;

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
    List<RegistryRecords.Artifact> recorded =
        to == null ? List.<RegistryRecords.Artifact>of() : g.registry.artifacts(m.modelId());
    for (RegistryRecords.Artifact a : recorded) {
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
        to == Stage.PRODUCTION && v != null ? shadow(g, m.modelId(), v.version(), recorded) : null);
  }

  /**
   * The version's nights in shadow mode as a challenger (not watched after a promotion), from
   * {@code steward.shadow_comparisons}, and the model's latest alert self-test.
   */
  private static GateEvidence.Shadow shadow(
      Governance g, String model, String version, List<RegistryRecords.Artifact> artifacts) {
    Map<LocalDate, GateEvidence.ShadowNight> nights = new TreeMap<>();
    for (Row r :
        TableWriter.read(g.ctx.spark(), g.ctx.warehouse(), StewardTables.SHADOW_COMPARISONS)
            .where(
                col("model_id")
                    .equalTo(model)
                    .and(col("challenger_version").equalTo(version))
                    .and(col("granularity").equalTo(Granularity.DAY.name()))
                    .and(not(col("watching"))))
            .select(
                col("window_start"),
                col("champion_version"),
                col("enough_pairs"),
                col("material_discrepancy"),
                col("reasons"))
            .collectAsList()) {
      LocalDate night = r.getTimestamp(0).toInstant().atZone(ZoneOffset.UTC).toLocalDate();
      boolean clean = r.getBoolean(2) && !r.getBoolean(3);
      String why =
          clean
              ? null
              : "against " + r.getString(1) + ": " + String.join("; ", r.<String>getList(4));
      // A night compared with two champions counts only if both comparisons are clean.
      nights.merge(
          night,
          new GateEvidence.ShadowNight(night, clean, why),
          (a, b) ->
              new GateEvidence.ShadowNight(
                  night,
                  a.clean() && b.clean(),
                  a.clean() ? b.why() : b.clean() ? a.why() : a.why() + "; " + b.why()));
    }
    RegistryRecords.Artifact selfTest = null;
    for (RegistryRecords.Artifact a : artifacts) {
      if (ArtifactKind.ALERT_SELFTEST.name().equals(a.kind())
          && (selfTest == null || !a.addedAt().isBefore(selfTest.addedAt()))) {
        selfTest = a;
      }
    }
    return new GateEvidence.Shadow(
        new ArrayList<>(nights.values()),
        selfTest == null ? null : selfTest.addedAt().atZone(ZoneOffset.UTC).toLocalDate(),
        selfTest != null && Outcome.PASS.name().equals(selfTest.outcome()),
        LocalDate.now(ZoneOffset.UTC));
  }
}
