package io.steward.jobs.registry;

import io.steward.common.domain.ArtifactKind;
import io.steward.common.domain.EventType;
import io.steward.common.domain.Outcome;
import io.steward.common.domain.Role;
import io.steward.common.errors.Errors;
import io.steward.jobs.StewardContext;
import io.steward.registry.store.RegistryRecords;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Records a document as lifecycle evidence (an MDP, a bias test, a validation report, ...), with
 * its outcome where the kind needs one. A refusal writes one REFUSED event and nothing else. Driver
 * only.
 */
public final class AddArtifactAction {
  private AddArtifactAction() {}

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
    return addArtifact(g, a, false);
  }

  /**
   * Records the outcome of {@code steward monitor selftest} as the model's ALERT_SELFTEST artifact
   * (PASS or FAIL), with an ARTIFACT_ADDED event in the trail.
   */
  public static RegistryRecords.Artifact recordSelfTest(
      StewardContext ctx,
      String model,
      String uri,
      boolean passed,
      String note,
      Map<String, String> details) {
    return recordSelfTest(Governance.of(ctx), model, uri, passed, note, details);
  }

  /** The same, recorded by {@code g}'s actor. */
  public static RegistryRecords.Artifact recordSelfTest(
      Governance g,
      String model,
      String uri,
      boolean passed,
      String note,
      Map<String, String> details) {
    return addArtifact(
        g,
        new NewArtifact(
            model,
            null,
            ArtifactKind.ALERT_SELFTEST.name(),
            uri,
            passed ? Outcome.PASS.name() : Outcome.FAIL.name(),
            note,
            details),
        true);
  }

  /**
   * @param selfTest whether {@code steward monitor selftest} records its own result: the one way an
   *     ALERT_SELFTEST artifact is written (a person cannot add one by hand)
   */
  static RegistryRecords.Artifact addArtifact(Governance g, NewArtifact a, boolean selfTest) {
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
    if (kind == ArtifactKind.ALERT_SELFTEST && !selfTest) {
      throw g.refuse(
          attempt,
          Errors.badArgument(
              "--kind",
              a.kind(),
              "another kind: ALERT_SELFTEST evidence is written by steward monitor selftest --model "
                  + a.id()
                  + " alone"));
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
    g.commit(attempt, g.registry.artifactRow(artifact));
    return artifact;
  }
}
