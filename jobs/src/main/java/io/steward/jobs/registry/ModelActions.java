package io.steward.jobs.registry;

import io.steward.common.domain.ArtifactKind;
import io.steward.common.domain.EventType;
import io.steward.common.domain.ModelId;
import io.steward.common.domain.Outcome;
import io.steward.common.domain.RiskTier;
import io.steward.common.domain.Role;
import io.steward.common.domain.Stage;
import io.steward.common.errors.Errors;
import io.steward.common.errors.StewardException;
import io.steward.common.lifecycle.GateEvidence;
import io.steward.common.lifecycle.GatePolicy;
import io.steward.common.lifecycle.LifecycleGate;
import io.steward.common.lifecycle.SuccessCriteria;
import io.steward.common.spec.TableRef;
import io.steward.jobs.StewardContext;
import io.steward.registry.store.BaselineStore;
import io.steward.registry.store.MonitorStore;
import io.steward.registry.store.RegistryRecords;
import io.steward.registry.store.SourceTables;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Registration, versions, evidence, approvals and transitions. Every rule is checked against the
 * registry before anything is written; a refusal writes one REFUSED event and nothing else; a
 * change writes its event first, then the row it changes.
 */
public final class ModelActions {
  private ModelActions() {}

  public record Registration(
      String id,
      String name,
      String owner,
      String riskTier,
      String useCase,
      String successCriteria,
      List<String> regulations,
      List<String> dataSources) {}

  public static void register(StewardContext ctx, Registration r) {
    register(Governance.of(ctx), r);
  }

  public static void register(Governance g, Registration r) {
    RegistryRecords.NewEvent attempt =
        new RegistryRecords.NewEvent(
            g.actor,
            EventType.REGISTERED,
            r.id(),
            null,
            null,
            Stage.USE_CASE_APPROVAL.name(),
            r.useCase(),
            "owner="
                + r.owner()
                + "; risk_tier="
                + r.riskTier()
                + "; success="
                + r.successCriteria());
    if (g.roles().getOrDefault(g.actor, java.util.Set.of()).isEmpty()) {
      throw g.refuse(attempt, Errors.notPermitted(g.actor, "register models", "an active role"));
    }
    if (!ModelId.isValid(r.id())) {
      throw g.refuse(attempt, Errors.badArgument("--id", r.id(), "[a-z0-9_]{1,64}"));
    }
    RiskTier tier = RiskTier.parse(r.riskTier());
    if (tier == null) {
      throw g.refuse(
          attempt,
          Errors.badArgument("--risk-tier", r.riskTier(), "LOW, MEDIUM, HIGH or CRITICAL"));
    }
    if (SuccessCriteria.parse(r.successCriteria()) == null) {
      throw g.refuse(
          attempt,
          Errors.badArgument(
              "--success-criteria", r.successCriteria(), "comparisons like \"auc>=0.75,ks>0.3\""));
    }
    if (r.owner() == null || r.owner().isBlank()) {
      throw g.refuse(attempt, Errors.badArgument("--owner", r.owner(), "a user name"));
    }
    if (g.registry.models().containsKey(r.id())) {
      throw g.refuse(
          attempt,
          Errors.alreadyExists(
              "model '" + r.id() + "'",
              "add a version with: steward model version add --id " + r.id()));
    }
    Instant now = Instant.now();
    g.record(attempt);
    g.registry.saveModel(
        new RegistryRecords.Model(
            r.id(),
            r.name(),
            r.useCase(),
            r.successCriteria(),
            r.dataSources(),
            r.owner(),
            tier.name(),
            r.regulations(),
            Stage.USE_CASE_APPROVAL.name(),
            null,
            now,
            g.actor,
            now,
            g.actor));
  }

  public record NewVersion(
      String id,
      String version,
      String trainingTable,
      Long trainingVersion,
      Map<String, String> params,
      Map<String, Double> metrics,
      String runUri,
      String environment,
      String endpoint,
      String dashboard) {}

  public static RegistryRecords.Version addVersion(StewardContext ctx, NewVersion v) {
    return addVersion(Governance.of(ctx), v);
  }

  public static RegistryRecords.Version addVersion(Governance g, NewVersion v) {
    RegistryRecords.NewEvent attempt =
        new RegistryRecords.NewEvent(
            g.actor,
            EventType.VERSION_ADDED,
            v.id(),
            v.version(),
            null,
            null,
            null,
            "training=" + v.trainingTable() + "@" + v.trainingVersion());
    RegistryRecords.Model m = g.model(v.id(), attempt.eventType());
    if (!g.has(g.actor, Role.DEVELOPER) && !g.actor.equals(m.owner())) {
      throw g.refuse(
          attempt,
          Errors.notPermitted(
              g.actor,
              "add versions of " + v.id(),
              "the DEVELOPER role or ownership of the model"));
    }
    if (Stage.RETIRED.name().equals(m.stage())) {
      throw g.refuse(
          attempt,
          Errors.refused("add a version to " + v.id(), List.of("a model that is not RETIRED")));
    }
    if (v.version() == null || !v.version().matches("[A-Za-z0-9._-]{1,64}")) {
      throw g.refuse(
          attempt,
          Errors.badArgument("--version", v.version(), "letters, digits, . _ - (up to 64)"));
    }
    if (g.registry.versions(v.id()).stream().anyMatch(x -> x.version().equals(v.version()))) {
      throw g.refuse(
          attempt,
          Errors.alreadyExists(
              "version " + v.version() + " of " + v.id(), "use a new version name"));
    }
    TableRef table = TableRef.parse(v.trainingTable());
    if (table == null) {
      throw g.refuse(
          attempt,
          Errors.badArgument(
              "--training-table",
              v.trainingTable(),
              "a Delta path written delta.`/path` or a table name"));
    }
    long pinned;
    try {
      long latest = SourceTables.latestVersion(g.ctx.spark(), table);
      if (v.trainingVersion() != null
          && (v.trainingVersion() < 0 || v.trainingVersion() > latest)) {
        throw Errors.tableVersionMissing(
            table.sql(), v.trainingVersion(), latest, "--training-version");
      }
      pinned = v.trainingVersion() == null ? latest : v.trainingVersion();
    } catch (StewardException e) {
      throw g.refuse(attempt, e);
    }
    Instant now = Instant.now();
    RegistryRecords.Version version =
        new RegistryRecords.Version(
            v.id(),
            v.version(),
            Stage.DEVELOPMENT.name(),
            table.sql(),
            pinned,
            v.params(),
            v.metrics(),
            v.runUri(),
            g.actor,
            v.environment(),
            v.endpoint(),
            v.dashboard(),
            now,
            now);
    g.record(
        new RegistryRecords.NewEvent(
            g.actor,
            EventType.VERSION_ADDED,
            v.id(),
            v.version(),
            null,
            Stage.DEVELOPMENT.name(),
            null,
            "training="
                + table.sql()
                + "@"
                + pinned
                + "; params="
                + v.params()
                + "; metrics="
                + v.metrics()));
    g.registry.saveVersion(version);
    return version;
  }

  public record NewArtifact(
      String id,
      String version,
      String kind,
      String uri,
      String outcome,
      String note,
      Map<String, String> details) {}

  public static RegistryRecords.Artifact addArtifact(StewardContext ctx, NewArtifact a) {
    return addArtifact(Governance.of(ctx), a);
  }

  public static RegistryRecords.Artifact addArtifact(Governance g, NewArtifact a) {
    RegistryRecords.NewEvent attempt =
        new RegistryRecords.NewEvent(
            g.actor,
            EventType.ARTIFACT_ADDED,
            a.id(),
            a.version(),
            null,
            null,
            a.note(),
            "kind="
                + a.kind()
                + "; uri="
                + a.uri()
                + "; outcome="
                + a.outcome()
                + "; details="
                + a.details());
    ArtifactKind kind = ArtifactKind.parse(a.kind());
    if (kind == null) {
      throw g.refuse(
          attempt,
          Errors.badArgument(
              "--kind",
              a.kind(),
              "one of MDP, BIAS_TEST, VALIDATION_REPORT, RUNBOOK, RETIREMENT_PLAN, EXPERIMENT_LOG, MODEL_CARD, OTHER"));
    }
    if (a.uri() == null || a.uri().isBlank()) {
      throw g.refuse(
          attempt,
          Errors.badArgument("--uri", a.uri(), "where the document lives (a URI or path)"));
    }
    Outcome outcome = null;
    if (a.outcome() != null) {
      outcome = Outcome.parse(a.outcome());
      if (outcome == null) {
        throw g.refuse(
            attempt,
            Errors.badArgument(
                "--outcome", a.outcome(), "APPROVED, CONDITIONAL, REJECTED, PASS or FAIL"));
      }
    }
    if ((kind == ArtifactKind.VALIDATION_REPORT || kind == ArtifactKind.BIAS_TEST)
        && outcome == null) {
      throw g.refuse(
          attempt,
          Errors.badArgument(
              "--outcome",
              null,
              "given for a "
                  + kind
                  + " ("
                  + (kind == ArtifactKind.BIAS_TEST
                      ? "PASS or FAIL"
                      : "APPROVED, CONDITIONAL or REJECTED")
                  + ")"));
    }
    if (kind == ArtifactKind.VALIDATION_REPORT && !g.has(g.actor, Role.VALIDATOR)) {
      throw g.refuse(
          attempt, Errors.notPermitted(g.actor, "add a validation report", "the VALIDATOR role"));
    }
    if (kind == ArtifactKind.VALIDATION_REPORT
        && outcome == Outcome.CONDITIONAL
        && (a.note() == null || a.note().isBlank())) {
      throw g.refuse(
          attempt,
          Errors.badArgument("--note", null, "the remediation items of a CONDITIONAL approval"));
    }
    g.model(a.id(), attempt.eventType());
    if (a.version() != null
        && g.registry.versions(a.id()).stream().noneMatch(x -> x.version().equals(a.version()))) {
      throw g.refuse(
          attempt,
          Errors.unknownVersion(
              a.id(),
              a.version(),
              g.registry.versions(a.id()).stream().map(RegistryRecords.Version::version).toList()));
    }
    RegistryRecords.Artifact artifact =
        new RegistryRecords.Artifact(
            UUID.randomUUID().toString(),
            a.id(),
            a.version(),
            kind.name(),
            a.uri(),
            outcome == null ? null : outcome.name(),
            a.note(),
            a.details(),
            g.actor,
            Instant.now());
    g.record(attempt);
    g.registry.addArtifact(artifact);
    return artifact;
  }

  public static void approve(
      StewardContext ctx, String id, String version, String gateName, String note) {
    approve(Governance.of(ctx), id, version, gateName, note);
  }

  public static void approve(
      Governance g, String id, String version, String gateName, String note) {
    RegistryRecords.NewEvent attempt =
        new RegistryRecords.NewEvent(
            g.actor, EventType.APPROVED, id, version, null, gateName, note, null);
    Stage gate = Stage.parse(gateName);
    if (gate == null || gate == Stage.USE_CASE_APPROVAL) {
      throw g.refuse(
          attempt,
          Errors.badArgument(
              "--gate", gateName, "DEVELOPMENT, VALIDATION, DEPLOYMENT, PRODUCTION or RETIRED"));
    }
    RegistryRecords.Model m = g.model(id, attempt.eventType());
    GateEvidence e = evidence(g, m, null, null);
    String why = LifecycleGate.cannotApprove(g.actor, e, g.policy());
    if (why != null) {
      throw g.refuse(
          attempt, Errors.notPermitted(g.actor, "approve the " + gate + " gate of " + id, why));
    }
    g.record(
        new RegistryRecords.NewEvent(
            g.actor, EventType.APPROVED, id, version, m.stage(), gate.name(), note, null));
  }

  public record Transition(String id, String version, String to, String reason, boolean override) {}

  /** The outcome of a transition that went ahead. */
  public record Moved(String subject, String from, String to, List<String> overridden) {}

  public static Moved transition(StewardContext ctx, Transition t) {
    return transition(Governance.of(ctx), t);
  }

  public static Moved transition(Governance g, Transition t) {
    RegistryRecords.NewEvent attempt =
        new RegistryRecords.NewEvent(
            g.actor,
            t.override() ? EventType.OVERRIDDEN : EventType.TRANSITIONED,
            t.id(),
            t.version(),
            null,
            t.to(),
            t.reason(),
            null);
    Stage to = Stage.parse(t.to());
    if (to == null) {
      throw g.refuse(
          attempt,
          Errors.badArgument(
              "--to",
              t.to(),
              "one of USE_CASE_APPROVAL, DEVELOPMENT, VALIDATION, DEPLOYMENT, PRODUCTION, RETIRED"));
    }
    RegistryRecords.Model m = g.model(t.id(), attempt.eventType());
    List<RegistryRecords.Version> versions = g.registry.versions(t.id());
    Stage modelStage = Stage.valueOf(m.stage());
    RegistryRecords.Version version = null;
    if (t.version() != null) {
      version =
          versions.stream().filter(v -> v.version().equals(t.version())).findFirst().orElse(null);
      if (version == null) {
        throw g.refuse(
            attempt,
            Errors.unknownVersion(
                t.id(),
                t.version(),
                versions.stream().map(RegistryRecords.Version::version).toList()));
      }
    } else if (modelStage.ordinal() >= Stage.VALIDATION.ordinal()
        && modelStage != Stage.RETIRED
        && to != Stage.RETIRED) {
      version =
          versions.stream()
              .filter(v -> v.stage().equals(m.stage()))
              .reduce((a, b) -> b)
              .orElse(null);
    }
    boolean retrain =
        modelStage == Stage.PRODUCTION
            && version != null
            && !version.version().equals(m.championVersion())
            && to != Stage.RETIRED;
    Stage from = retrain ? Stage.valueOf(version.stage()) : modelStage;
    String subject = retrain ? t.id() + " version " + version.version() : t.id();
    RegistryRecords.NewEvent tried =
        new RegistryRecords.NewEvent(
            g.actor,
            attempt.eventType(),
            t.id(),
            version == null ? null : version.version(),
            from.name(),
            to.name(),
            t.reason(),
            null);
    String illegal = LifecycleGate.illegal(from, to);
    if (illegal != null) {
      throw g.refuse(
          tried,
          Errors.refused("move " + subject + " from " + from + " to " + to, List.of(illegal)));
    }
    GatePolicy policy = g.policy();
    List<String> missing =
        to == Stage.DEVELOPMENT && from != Stage.USE_CASE_APPROVAL
            ? List.of()
            : LifecycleGate.missing(to, evidence(g, m, version, to), policy);
    if (!missing.isEmpty() && !t.override()) {
      throw g.refuse(
          tried, Errors.refused("move " + subject + " from " + from + " to " + to, missing));
    }
    if (t.override() && !g.has(g.actor, Role.COMMITTEE) && !g.has(g.actor, Role.PLATFORM_ADMIN)) {
      throw g.refuse(
          tried,
          Errors.notPermitted(g.actor, "override a gate", "the COMMITTEE or PLATFORM_ADMIN role"));
    }
    Instant now = Instant.now();
    g.record(
        new RegistryRecords.NewEvent(
            g.actor,
            t.override() ? EventType.OVERRIDDEN : EventType.TRANSITIONED,
            t.id(),
            version == null ? null : version.version(),
            from.name(),
            to.name(),
            t.reason(),
            t.override()
                ? "gate overridden; missing: " + String.join("; ", missing)
                : "gate passed"));
    if (retrain) {
      g.registry.saveVersion(version.withStage(to.name(), now));
      if (to == Stage.PRODUCTION) {
        for (RegistryRecords.Version old : versions) {
          if (old.version().equals(m.championVersion())) {
            g.registry.saveVersion(old.withStage(Stage.RETIRED.name(), now));
          }
        }
        g.registry.saveModel(m.withStage(m.stage(), version.version(), now, g.actor));
      }
    } else {
      String champion =
          to == Stage.PRODUCTION && version != null ? version.version() : m.championVersion();
      g.registry.saveModel(m.withStage(to.name(), champion, now, g.actor));
      if (version != null && to != Stage.RETIRED) {
        g.registry.saveVersion(version.withStage(to.name(), now));
      }
    }
    return new Moved(subject, from.name(), to.name(), t.override() ? missing : List.of());
  }

  /**
   * Gathers what the gate into {@code to} consults (everything but the roles is skipped when {@code
   * to} is null). Approvals count only since the subject's last move.
   */
  static GateEvidence evidence(
      Governance g, RegistryRecords.Model m, RegistryRecords.Version v, Stage to) {
    boolean approvalsNeeded = to != null && to != Stage.VALIDATION;
    List<RegistryRecords.Event> events =
        !approvalsNeeded
            ? List.of()
            : g.registry.events().stream().filter(e -> m.modelId().equals(e.modelId())).toList();
    long since = 0;
    for (RegistryRecords.Event e : events) {
      boolean moved =
          e.eventType() == EventType.TRANSITIONED
              || e.eventType() == EventType.OVERRIDDEN
              || e.eventType() == EventType.REGISTERED;
      boolean sameSubject = v == null || e.version() == null || e.version().equals(v.version());
      if (moved && sameSubject) {
        since = e.seq();
      }
    }
    List<GateEvidence.Approval> approvals = new ArrayList<>();
    for (RegistryRecords.Event e : events) {
      if (e.seq() > since && e.eventType() == EventType.APPROVED) {
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
