package io.steward.registry.store;

import io.steward.common.errors.Errors;
import io.steward.common.errors.StewardException;
import io.steward.common.errors.TrailMovedException;
import io.steward.registry.tables.StewardTables;
import io.steward.registry.tables.TableDef;
import io.steward.registry.warehouse.SmallTables;
import io.steward.registry.warehouse.Warehouse;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Reads and writes the registry tables: models, versions, artifacts, principals and policies. The
 * registry is small (one row per model, version, document or grant), so reads collect it to the
 * driver. A change is an event on the trail carrying the rows it writes ({@link #commit}); the row
 * builders ({@link #modelRow} and the like) only describe rows.
 */
public final class Registry {
  private final SparkSession spark;
  private final Warehouse warehouse;

  public Registry(SparkSession spark, Warehouse warehouse) {
    this.spark = spark;
    this.warehouse = warehouse;
  }

  /** Every row of a registry table, read on the driver (a few hundred rows at most). */
  private List<Row> rows(TableDef t) {
    return SmallTables.rows(spark, warehouse, t);
  }

  private List<Row> rows(TableDef t, String modelId, String... orderBy) {
    return rows(t).stream()
        .filter(r -> modelId == null || modelId.equals(r.getAs("model_id")))
        .sorted(SmallTables.by(orderBy))
        .toList();
  }

  private static Instant instant(Row r, String column) {
    Timestamp t = r.getAs(column);
    return t == null ? null : t.toInstant();
  }

  private static Timestamp ts(Instant i) {
    return i == null ? null : Timestamp.from(i);
  }

  // models

  private Map<String, RegistryRecords.Model> models;
  private List<RegistryRecords.Grant> grants;
  private final Map<String, List<RegistryRecords.Version>> versions = new HashMap<>();
  private final Map<String, List<RegistryRecords.Artifact>> artifacts = new HashMap<>();
  private List<RegistryRecords.Event> events;

  /** Every model by id; read once per instance and refreshed by this instance's writes. */
  public Map<String, RegistryRecords.Model> models() {
    if (models != null) {
      return models;
    }
    Map<String, RegistryRecords.Model> out = new LinkedHashMap<>();
    for (Row r : rows(StewardTables.MODELS, null, "model_id")) {
      out.put(
          r.getAs("model_id"),
          new RegistryRecords.Model(
              r.getAs("model_id"),
              r.getAs("name"),
              r.getAs("use_case"),
              r.getAs("success_criteria"),
              r.getList(r.fieldIndex("data_sources")),
              r.getAs("owner"),
              r.getAs("risk_tier"),
              r.getList(r.fieldIndex("regulations")),
              r.getAs("stage"),
              r.getAs("champion_version"),
              instant(r, "created_at"),
              r.getAs("created_by"),
              instant(r, "updated_at"),
              r.getAs("updated_by")));
    }
    models = out;
    return out;
  }

  /** The change that writes model {@code m}'s row; this view's cache follows once it commits. */
  public Effect modelRow(RegistryRecords.Model m) {
    Row row =
        RowFactory.create(
            m.modelId(),
            m.name(),
            m.useCase(),
            m.successCriteria(),
            scalaList(m.dataSources()),
            m.owner(),
            m.riskTier(),
            scalaList(m.regulations()),
            m.stage(),
            m.championVersion(),
            ts(m.createdAt()),
            m.createdBy(),
            ts(m.updatedAt()),
            m.updatedBy());
    return effect(
        new Effect(StewardTables.MODELS, List.of("model_id"), row),
        () -> {
          if (models != null) {
            models.put(m.modelId(), m);
          }
        });
  }

  // versions

  public List<RegistryRecords.Version> versions(String modelId) {
    List<RegistryRecords.Version> cached = versions.get(modelId);
    if (cached != null) {
      return List.copyOf(cached);
    }
    List<RegistryRecords.Version> out = new ArrayList<>();
    for (Row r : rows(StewardTables.MODEL_VERSIONS, modelId, "created_at", "version")) {
      out.add(version(r));
    }
    versions.put(modelId, out);
    return List.copyOf(out);
  }

  /**
   * Every model's versions, in one read of the table (for readers of the whole portfolio); the
   * per-model cache is filled from it.
   */
  public Map<String, List<RegistryRecords.Version>> allVersions() {
    Map<String, List<RegistryRecords.Version>> out = new LinkedHashMap<>();
    for (Row r : rows(StewardTables.MODEL_VERSIONS, null, "model_id", "created_at", "version")) {
      RegistryRecords.Version v = version(r);
      out.computeIfAbsent(v.modelId(), k -> new ArrayList<>()).add(v);
    }
    for (String id : models().keySet()) {
      versions.put(id, new ArrayList<>(out.getOrDefault(id, List.of())));
    }
    return out;
  }

  private static RegistryRecords.Version version(Row r) {
    Map<String, String> params = new HashMap<>(r.getJavaMap(r.fieldIndex("params")));
    Map<String, Double> metrics = new HashMap<>(r.getJavaMap(r.fieldIndex("metrics")));
    return new RegistryRecords.Version(
        r.getAs("model_id"),
        r.getAs("version"),
        r.getAs("stage"),
        r.getAs("training_table"),
        r.<Long>getAs("training_version"),
        params,
        metrics,
        r.getAs("run_uri"),
        r.getAs("developer"),
        r.getAs("deployment_env"),
        r.getAs("endpoint"),
        r.getAs("dashboard_url"),
        instant(r, "created_at"),
        instant(r, "updated_at"));
  }

  /** The change that writes version {@code v}'s row. */
  public Effect versionRow(RegistryRecords.Version v) {
    Row row =
        RowFactory.create(
            v.modelId(),
            v.version(),
            v.stage(),
            v.trainingTable(),
            v.trainingVersion(),
            scala(v.params()),
            scala(v.metrics()),
            v.runUri(),
            v.developer(),
            v.deploymentEnv(),
            v.endpoint(),
            v.dashboardUrl(),
            ts(v.createdAt()),
            ts(v.updatedAt()));
    return effect(
        new Effect(StewardTables.MODEL_VERSIONS, List.of("model_id", "version"), row),
        () -> {
          List<RegistryRecords.Version> cached = versions.get(v.modelId());
          if (cached != null) {
            cached.removeIf(x -> x.version().equals(v.version()));
            cached.add(v);
          }
        });
  }

  private static <T> scala.collection.immutable.Seq<T> scalaList(List<T> l) {
    return scala.jdk.javaapi.CollectionConverters.asScala(l).toList();
  }

  private static <K, V> scala.collection.immutable.Map<K, V> scala(Map<K, V> m) {
    return scala.collection.immutable.Map.from(scala.jdk.javaapi.CollectionConverters.asScala(m));
  }

  // artifacts

  public List<RegistryRecords.Artifact> artifacts(String modelId) {
    List<RegistryRecords.Artifact> cached = artifacts.get(modelId);
    if (cached != null) {
      return List.copyOf(cached);
    }
    List<RegistryRecords.Artifact> out = new ArrayList<>();
    for (Row r : rows(StewardTables.ARTIFACTS, modelId, "added_at")) {
      out.add(artifact(r));
    }
    artifacts.put(modelId, out);
    return List.copyOf(out);
  }

  /** Every model's artifacts, in one read of the table; the per-model cache is filled from it. */
  public Map<String, List<RegistryRecords.Artifact>> allArtifacts() {
    Map<String, List<RegistryRecords.Artifact>> out = new LinkedHashMap<>();
    for (Row r : rows(StewardTables.ARTIFACTS, null, "model_id", "added_at")) {
      RegistryRecords.Artifact a = artifact(r);
      out.computeIfAbsent(a.modelId(), k -> new ArrayList<>()).add(a);
    }
    for (String id : models().keySet()) {
      artifacts.put(id, new ArrayList<>(out.getOrDefault(id, List.of())));
    }
    return out;
  }

  private static RegistryRecords.Artifact artifact(Row r) {
    return new RegistryRecords.Artifact(
        r.getAs("artifact_id"),
        r.getAs("model_id"),
        r.getAs("version"),
        r.getAs("kind"),
        r.getAs("uri"),
        r.getAs("outcome"),
        r.getAs("note"),
        new HashMap<>(r.getJavaMap(r.fieldIndex("details"))),
        r.getAs("added_by"),
        instant(r, "added_at"));
  }

  /** The change that adds artifact {@code a}. */
  public Effect artifactRow(RegistryRecords.Artifact a) {
    Row row =
        RowFactory.create(
            a.artifactId(),
            a.modelId(),
            a.version(),
            a.kind(),
            a.uri(),
            a.outcome(),
            a.note(),
            scala(a.details()),
            a.addedBy(),
            ts(a.addedAt()));
    return effect(
        new Effect(StewardTables.ARTIFACTS, List.of("artifact_id"), row),
        () -> {
          List<RegistryRecords.Artifact> cached = artifacts.get(a.modelId());
          if (cached != null) {
            cached.add(a);
          }
        });
  }

  // principals

  /** Every grant; read once per instance and refreshed by this instance's writes. */
  public List<RegistryRecords.Grant> grants() {
    if (grants != null) {
      return grants;
    }
    List<RegistryRecords.Grant> out = new ArrayList<>();
    for (Row r :
        rows(StewardTables.PRINCIPALS).stream().sorted(SmallTables.by("user", "role")).toList()) {
      out.add(
          new RegistryRecords.Grant(
              r.getAs("user"),
              r.getAs("role"),
              r.getAs("active"),
              r.getAs("granted_by"),
              instant(r, "granted_at"),
              r.getAs("revoked_by"),
              instant(r, "revoked_at")));
    }
    grants = out;
    return out;
  }

  /** The change that writes grant {@code g}. */
  public Effect grantRow(RegistryRecords.Grant g) {
    Row row =
        RowFactory.create(
            g.user(),
            g.role(),
            g.active(),
            g.grantedBy(),
            ts(g.grantedAt()),
            g.revokedBy(),
            ts(g.revokedAt()));
    return effect(
        new Effect(StewardTables.PRINCIPALS, List.of("user", "role"), row),
        () -> {
          if (grants != null) {
            grants.removeIf(x -> x.user().equals(g.user()) && x.role().equals(g.role()));
            grants.add(g);
          }
        });
  }

  // the lifecycle trail

  private EventLog.Head head;
  private List<Effect> pendingAtRead = List.of();
  private long pendingSeq;
  private int claims;
  private final Map<Effect, Runnable> cacheUpdates = new IdentityHashMap<>();

  private Effect effect(Effect e, Runnable cacheUpdate) {
    cacheUpdates.put(e, cacheUpdate);
    return e;
  }

  /**
   * Fixes this view's place on the trail, before it reads anything a decision rests on: the head it
   * will write after, and whether the last change recorded on the trail had reached its tables. A
   * view that writes claims the numbers after this head or fails ({@link #commit}). Reads only.
   */
  public void begin() {
    if (head != null) {
      return;
    }
    events = new ArrayList<>(EventLog.all(spark, warehouse));
    head = EventLog.Head.of(events);
    RegistryRecords.Event last = lastChange(events);
    if (last != null && !Effect.pending(spark, warehouse, last.seq(), last.effects()).isEmpty()) {
      pendingAtRead = last.effects();
      pendingSeq = last.seq();
    }
  }

  /** The last event that carries a change, or null. */
  static RegistryRecords.Event lastChange(List<RegistryRecords.Event> events) {
    for (int i = events.size() - 1; i >= 0; i--) {
      if (events.get(i).effect() != null) {
        return events.get(i);
      }
    }
    return null;
  }

  /**
   * The last recorded change whose rows have not all reached their tables, as "event #N (tables)";
   * null when every change has landed. Reads only.
   */
  public static String unlanded(SparkSession spark, Warehouse warehouse) {
    RegistryRecords.Event last = lastChange(EventLog.all(spark, warehouse));
    if (last == null) {
      return null;
    }
    List<TableDef> missing = Effect.pending(spark, warehouse, last.seq(), last.effects());
    return missing.isEmpty()
        ? null
        : "event #"
            + last.seq()
            + " ("
            + last.eventType()
            + " of "
            + last.modelId()
            + ") has not reached "
            + names(missing);
  }

  private static String names(List<TableDef> tables) {
    return String.join(", ", tables.stream().map(TableDef::qualifiedName).toList());
  }

  /**
   * Writes rows with no event on the trail, one commit per table: for fixtures that build a
   * registry's state directly, never for a change a person makes.
   */
  public void writeUnrecorded(Effect... rows) {
    for (Map.Entry<TableDef, List<Effect>> t : Effect.byTable(List.of(rows)).entrySet()) {
      Effect.write(spark, warehouse, null, t.getKey(), t.getValue());
    }
    for (Effect e : rows) {
      Runnable update = cacheUpdates.remove(e);
      if (update != null) {
        update.run();
      }
    }
  }

  /** The whole trail in sequence order. */
  public List<RegistryRecords.Event> events() {
    begin();
    return List.copyOf(events);
  }

  /** Chains and appends events after the last one, in one commit; they change no table. */
  public List<RegistryRecords.Event> appendEvents(List<RegistryRecords.NewEvent> newEvents) {
    return commit(newEvents, List.of());
  }

  /**
   * Records a change: the events, the last carrying the rows the change writes, in one commit that
   * claims the sequence numbers after this view's head (that commit decides whether the change
   * happened); then the rows, one commit per table, each applied at most once.
   *
   * @throws io.steward.common.errors.TrailMovedException when another writer claimed those numbers
   *     first, or when the last change before this view's head had not reached its tables when the
   *     view read them (it is completed here): nothing of this change is recorded, and the caller
   *     decides again on a fresh view
   */
  public List<RegistryRecords.Event> commit(
      List<RegistryRecords.NewEvent> newEvents, List<Effect> effects) {
    begin();
    if (!pendingAtRead.isEmpty()) {
      List<TableDef> missing = Effect.pending(spark, warehouse, pendingSeq, pendingAtRead);
      Effect.apply(spark, warehouse, pendingSeq, pendingAtRead);
      StewardException stale =
          Errors.trailRepaired(
              pendingSeq,
              missing.isEmpty()
                  ? names(List.copyOf(Effect.byTable(pendingAtRead).keySet()))
                  : names(missing));
      pendingAtRead = List.of();
      throw claims == 0 ? stale : ((TrailMovedException) stale).midway();
    }
    EventLog.requireKeyToFollow(
        events.isEmpty() ? null : events.get(events.size() - 1), TrailKey.configured());
    List<RegistryRecords.Event> chained;
    try {
      chained = EventLog.claim(spark, warehouse, head, newEvents, Effect.toJson(effects));
    } catch (TrailMovedException moved) {
      throw claims == 0 ? moved : moved.midway();
    }
    claims++;
    if (!effects.isEmpty()) {
      Effect.apply(spark, warehouse, chained.get(chained.size() - 1).seq(), effects);
    }
    for (Effect e : effects) {
      Runnable update = cacheUpdates.remove(e);
      if (update != null) {
        update.run();
      }
    }
    events.addAll(chained);
    head = EventLog.Head.of(events);
    return chained;
  }

  // policies

  /** The YAML of the policy in force, or null for the defaults. */
  public String policyYaml() {
    return rows(StewardTables.POLICIES).stream()
        .max(SmallTables.by("set_at"))
        .map(r -> r.<String>getAs("yaml"))
        .orElse(null);
  }

  /** The change that sets a policy. */
  public Effect policyRow(String id, String yaml, String user, Instant at) {
    return new Effect(
        StewardTables.POLICIES, List.of("policy_id"), RowFactory.create(id, yaml, user, ts(at)));
  }
}
