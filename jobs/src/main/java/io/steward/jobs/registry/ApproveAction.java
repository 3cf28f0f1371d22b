package io.steward.jobs.registry;

import io.steward.common.domain.EventType;
import io.steward.common.domain.Stage;
import io.steward.common.errors.Errors;
import io.steward.common.lifecycle.GateEvidence;
import io.steward.common.lifecycle.LifecycleGate;
import io.steward.jobs.StewardContext;
import io.steward.registry.store.RegistryRecords;

/**
 * Approves the gate into a stage, when the policy lets the actor approve it (APPROVER, COMMITTEE
 * for CRITICAL models, the owner on LOW ones). A refusal writes one REFUSED event and nothing else.
 * Driver only.
 */
public final class ApproveAction {
  private ApproveAction() {}

  /** An approval of the gate into a stage, for a model or one of its versions. */
  public record Approval(String id, String version, String gate, String note, String specSha256) {
    public Approval(String id, String version, String gate, String note) {
      this(id, version, gate, note, null);
    }
  }

  public static void approve(StewardContext ctx, Approval a) {
    approve(Governance.of(ctx), a);
  }

  public static void approve(Governance g, Approval a) {
    String id = a.id();
    String version = a.version();
    String gateName = a.gate();
    String note = a.note();
    RegistryRecords.NewEvent attempt =
        new RegistryRecords.NewEvent(
            g.actor, EventType.APPROVED, id, version, null, gateName, note, null);
    if (ConfigurationChanges.MONITOR_GATE.equalsIgnoreCase(gateName)) {
      approveSpec(g, a, attempt);
      return;
    }
    Stage gate = Stage.parse(gateName);
    if (gate == null || gate == Stage.USE_CASE_APPROVAL) {
      throw g.refuse(
          attempt,
          Errors.badArgument(
              "--gate",
              gateName,
              "DEVELOPMENT, VALIDATION, DEPLOYMENT, PRODUCTION, RETIRED or MONITOR"));
    }
    RegistryRecords.Model m = g.model(id, attempt.eventType());
    GateEvidence e = GateEvidenceReader.read(g, m, null, null);
    String why = LifecycleGate.cannotApprove(g.actor, e, g.policy());
    if (why != null) {
      throw g.refuse(
          attempt, Errors.notPermitted(g.actor, "approve the " + gate + " gate of " + id, why));
    }
    g.record(
        new RegistryRecords.NewEvent(
            g.actor, EventType.APPROVED, id, version, m.stage(), gate.name(), note, null));
  }

  /**
   * Approves one monitor spec, by its SHA-256, for a model: what lets a model in PRODUCTION have
   * its spec replaced by that one. The approvers are those of the model's gates.
   */
  private static void approveSpec(Governance g, Approval a, RegistryRecords.NewEvent attempt) {
    if (a.specSha256() == null || !a.specSha256().matches("[0-9a-f]{64}")) {
      throw g.refuse(
          attempt,
          Errors.badArgument(
              "--spec-sha256",
              a.specSha256(),
              "the spec's SHA-256 as monitor register prints it (64 hex digits)"));
    }
    RegistryRecords.Model m = g.model(a.id(), attempt.eventType());
    GateEvidence e = GateEvidenceReader.read(g, m, null, null);
    String why = LifecycleGate.cannotApprove(g.actor, e, g.policy());
    if (why != null) {
      throw g.refuse(
          attempt, Errors.notPermitted(g.actor, "approve a monitor spec of " + a.id(), why));
    }
    g.record(
        new RegistryRecords.NewEvent(
            g.actor,
            EventType.APPROVED,
            a.id(),
            null,
            m.stage(),
            ConfigurationChanges.MONITOR_GATE,
            a.note(),
            ConfigurationChanges.specEvidence(a.specSha256())));
  }
}
