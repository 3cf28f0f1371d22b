package io.steward.jobs.registry;

import io.steward.common.domain.EventType;
import io.steward.common.domain.Role;
import io.steward.common.domain.Stage;
import io.steward.common.errors.Errors;
import io.steward.common.lifecycle.GatePolicy;
import io.steward.common.lifecycle.LifecycleGate;
import io.steward.jobs.StewardContext;
import io.steward.registry.store.Effect;
import io.steward.registry.store.RegistryRecords;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Moves a model, or a retrained version of a model in production, to a stage once the gate into it
 * finds its evidence complete (or, overridden, records what was missing). A change writes its event
 * first, then the rows it changes; a refusal writes one REFUSED event and nothing else. Driver
 * only.
 */
public final class TransitionAction {
  private TransitionAction() {}

  /**
   * A move to make.
   *
   * @param effectiveOn the day the change took effect in serving, when the registry catches up with
   *     a deployment made earlier (null: today); recorded in the event's evidence, and the nightly
   *     triggers take a promotion's day from it
   */
  public record Transition(
      String id,
      String version,
      String to,
      String reason,
      boolean override,
      LocalDate effectiveOn) {
    public Transition(String id, String version, String to, String reason, boolean override) {
      this(id, version, to, reason, override, null);
    }
  }

  /** How the evidence of a transition names the day it took effect, when it was given. */
  static final String EFFECTIVE_ON = "effective on ";

  private static final Pattern EFFECTIVE_DAY =
      Pattern.compile(EFFECTIVE_ON + "(\\d{4}-\\d{2}-\\d{2})");

  /**
   * The day a recorded transition took effect in serving: its {@code --effective-on} day when it
   * was given, else the day it was recorded.
   */
  public static LocalDate effectiveDay(RegistryRecords.Event e) {
    Matcher m = e.evidence() == null ? null : EFFECTIVE_DAY.matcher(e.evidence());
    return m != null && m.find()
        ? LocalDate.parse(m.group(1))
        : e.at().atZone(ZoneOffset.UTC).toLocalDate();
  }

  /** The outcome of a transition that went ahead. */
  public record Moved(String subject, String from, String to, List<String> overridden) {}

  public static Moved transition(StewardContext ctx, Transition t) {
    return transition(Governance.of(ctx), t);
  }

  public static Moved transition(Governance g, Transition t) {
    if (t.effectiveOn() != null && t.effectiveOn().isAfter(LocalDate.now(ZoneOffset.UTC))) {
      throw Errors.badArgument(
          "--effective-on", t.effectiveOn(), "a day no later than today (UTC), in YYYY-MM-DD");
    }
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
            : LifecycleGate.missing(to, GateEvidenceReader.read(g, m, version, to), policy);
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
    List<Effect> rows = new ArrayList<>();
    if (retrain) {
      rows.add(g.registry.versionRow(version.withStage(to.name(), now)));
      if (to == Stage.PRODUCTION) {
        for (RegistryRecords.Version old : versions) {
          if (old.version().equals(m.championVersion())) {
            rows.add(g.registry.versionRow(old.withStage(Stage.RETIRED.name(), now)));
          }
        }
        rows.add(g.registry.modelRow(m.withStage(m.stage(), version.version(), now, g.actor)));
      }
    } else {
      String champion =
          to == Stage.PRODUCTION && version != null ? version.version() : m.championVersion();
      rows.add(g.registry.modelRow(m.withStage(to.name(), champion, now, g.actor)));
      if (version != null && to != Stage.RETIRED) {
        rows.add(g.registry.versionRow(version.withStage(to.name(), now)));
      }
    }
    g.commit(
        new RegistryRecords.NewEvent(
            g.actor,
            t.override() ? EventType.OVERRIDDEN : EventType.TRANSITIONED,
            t.id(),
            version == null ? null : version.version(),
            from.name(),
            to.name(),
            t.reason(),
            (t.override()
                    ? "gate overridden; missing: " + String.join("; ", missing)
                    : "gate passed")
                + (t.effectiveOn() == null ? "" : "; " + EFFECTIVE_ON + t.effectiveOn())),
        rows.toArray(Effect[]::new));
    return new Moved(subject, from.name(), to.name(), t.override() ? missing : List.of());
  }
}
