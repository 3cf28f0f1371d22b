package io.steward.jobs.registry;

import io.steward.common.domain.EventType;
import io.steward.common.domain.Role;
import io.steward.common.domain.Stage;
import io.steward.common.errors.Errors;
import io.steward.common.errors.StewardException;
import io.steward.common.spec.TableRef;
import io.steward.jobs.StewardContext;
import io.steward.registry.store.RegistryRecords;
import io.steward.registry.store.SourceTables;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Adds a model version in DEVELOPMENT with its training lineage pinned to a Delta version of the
 * training table, its parameters and metrics. Needs the DEVELOPER role or ownership of the model; a
 * refusal writes one REFUSED event and nothing else. Driver only (it reads the training table's
 * Delta log, never its rows).
 */
public final class AddVersionAction {
  private AddVersionAction() {}

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
    g.commit(
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
                + v.metrics()),
        g.registry.versionRow(version));
    return version;
  }
}
