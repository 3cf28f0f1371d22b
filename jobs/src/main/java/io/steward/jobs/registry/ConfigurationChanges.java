package io.steward.jobs.registry;

import io.steward.common.domain.EventType;
import io.steward.common.domain.Role;
import io.steward.common.domain.Stage;
import io.steward.common.errors.Errors;
import io.steward.jobs.StewardContext;
import io.steward.registry.store.Effect;
import io.steward.registry.store.MonitorStore;
import io.steward.registry.store.RegistryRecords;
import java.util.List;

/**
 * A model's monitoring configuration under governance: registering its monitor spec and building
 * its drift baseline are changes on the trail like any other. They need the model's owner, a
 * DEVELOPER or a PLATFORM_ADMIN (a model not in the registry has no owner and no gates yet: anyone
 * may monitor it, and the nightly's UNREGISTERED trigger asks for its registration), and are
 * recorded as MONITOR_REGISTERED (the spec's SHA-256) and BASELINE_BUILT (the baseline pinned to a
 * snapshot version). Replacing the spec of a model in PRODUCTION with a different one also needs an
 * approval of that spec ({@code model approve --gate MONITOR --spec-sha256 SHA}). A refusal is one
 * REFUSED event and nothing else. Driver only.
 */
public final class ConfigurationChanges {
  private ConfigurationChanges() {}

  /** The approval gate that lets a PRODUCTION model's monitor spec change. */
  public static final String MONITOR_GATE = "MONITOR";

  /** The evidence text of a spec's approval and registration. */
  public static String specEvidence(String sha256) {
    return "spec_sha256=" + sha256;
  }

  /** Checks and records a monitor registration, with the rows it writes, in one change. */
  public static void registerMonitor(
      StewardContext ctx, String modelId, String source, MonitorStore.Registration r) {
    Governance g = Governance.of(ctx);
    RegistryRecords.NewEvent attempt =
        new RegistryRecords.NewEvent(
            g.actor,
            EventType.MONITOR_REGISTERED,
            modelId,
            null,
            null,
            null,
            "spec " + source,
            specEvidence(r.specSha256()) + "; registration=" + r.registrationId());
    RegistryRecords.Model m = permitted(g, attempt, modelId, "register the monitor spec of");
    boolean changes = r.replacedSha256() != null && !r.replacedSha256().equals(r.specSha256());
    if (m != null && Stage.PRODUCTION.name().equals(m.stage()) && changes) {
      boolean approved =
          g.registry.events().stream()
              .anyMatch(
                  e ->
                      e.is(EventType.APPROVED)
                          && modelId.equals(e.modelId())
                          && MONITOR_GATE.equals(e.toStage())
                          && specEvidence(r.specSha256()).equals(e.evidence()));
      if (!approved) {
        throw g.refuse(
            attempt,
            Errors.refused(
                "replace the monitor spec of " + modelId + " (in PRODUCTION)",
                List.of(
                    "an approval of spec "
                        + r.specSha256()
                        + " (steward model approve --id "
                        + modelId
                        + " --gate MONITOR --spec-sha256 "
                        + r.specSha256()
                        + ")")));
      }
    }
    g.commit(attempt, r.rows().toArray(Effect[]::new));
  }

  /** Checks that the context's user may rebuild the model's baseline (before it is built). */
  public static Governance mayBuildBaseline(StewardContext ctx, String modelId) {
    Governance g = Governance.of(ctx);
    permitted(g, baselineAttempt(g, modelId, null), modelId, "build the baseline of");
    return g;
  }

  /** Records a baseline built, written already ({@code BaselineStore.save}). */
  public static void baselineBuilt(
      Governance g, String modelId, String baselineId, String pinned, String specSha256) {
    g.record(
        baselineAttempt(
            g,
            modelId,
            "baseline_id="
                + baselineId
                + "; snapshot="
                + pinned
                + "; "
                + specEvidence(specSha256)));
  }

  private static RegistryRecords.NewEvent baselineAttempt(
      Governance g, String modelId, String evidence) {
    return new RegistryRecords.NewEvent(
        g.actor, EventType.BASELINE_BUILT, modelId, null, null, null, null, evidence);
  }

  /**
   * The model (null when not registered), once the actor may change its monitoring: its owner, a
   * DEVELOPER or a PLATFORM_ADMIN; for a model not registered, anyone.
   */
  private static RegistryRecords.Model permitted(
      Governance g, RegistryRecords.NewEvent attempt, String modelId, String what) {
    RegistryRecords.Model m = g.registry.models().get(modelId);
    boolean allowed =
        m == null
            || g.has(g.actor, Role.PLATFORM_ADMIN)
            || g.has(g.actor, Role.DEVELOPER)
            || (g.actor.equals(m.owner()) && g.has(g.actor, Role.OWNER));
    if (!allowed) {
      throw g.refuse(
          attempt,
          Errors.notPermitted(
              g.actor,
              what + " " + modelId,
              "ownership of the model, the DEVELOPER role or the PLATFORM_ADMIN role"));
    }
    return m;
  }
}
