package io.steward.registry.store;

import io.steward.registry.tables.StewardTables;
import io.steward.registry.tables.TableDef;
import io.steward.registry.warehouse.SmallTables;
import io.steward.registry.warehouse.Warehouse;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Reads and writes the registry tables: models, versions, artifacts, principals and policies. The
 * registry is small (one row per model, version, document or grant), so reads collect it to the
 * driver; every write is one Delta commit.
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

  public void saveModel(RegistryRecords.Model m) {
    Row row =
        RowFactory.create(
            m.modelId(),
            m.name(),
            m.useCase(),
            m.successCriteria(),
            m.dataSources(),
            m.owner(),
            m.riskTier(),
            m.regulations(),
            m.stage(),
            m.championVersion(),
            ts(m.createdAt()),
            m.createdBy(),
            ts(m.updatedAt()),
            m.updatedBy());
    TableWriter.replace(
        warehouse,
        StewardTables.MODELS,
        spark.createDataFrame(List.of(row), StewardTables.MODELS.schema()),
        "model_id = " + TableWriter.literal(m.modelId()));
    if (models != null) {
      models.put(m.modelId(), m);
    }
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

  public void saveVersion(RegistryRecords.Version v) {
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
    TableWriter.replace(
        warehouse,
        StewardTables.MODEL_VERSIONS,
        spark.createDataFrame(List.of(row), StewardTables.MODEL_VERSIONS.schema()),
        "model_id = "
            + TableWriter.literal(v.modelId())
            + " AND version = "
            + TableWriter.literal(v.version()));
    List<RegistryRecords.Version> cached = versions.get(v.modelId());
    if (cached != null) {
      cached.removeIf(x -> x.version().equals(v.version()));
      cached.add(v);
    }
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

  public void addArtifact(RegistryRecords.Artifact a) {
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
    TableWriter.append(
        warehouse,
        StewardTables.ARTIFACTS,
        spark.createDataFrame(List.of(row), StewardTables.ARTIFACTS.schema()));
    List<RegistryRecords.Artifact> cached = artifacts.get(a.modelId());
    if (cached != null) {
      cached.add(a);
    }
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

  public void saveGrant(RegistryRecords.Grant g) {
    Row row =
        RowFactory.create(
            g.user(),
            g.role(),
            g.active(),
            g.grantedBy(),
            ts(g.grantedAt()),
            g.revokedBy(),
            ts(g.revokedAt()));
    TableWriter.replace(
        warehouse,
        StewardTables.PRINCIPALS,
        spark.createDataFrame(List.of(row), StewardTables.PRINCIPALS.schema()),
        "user = " + TableWriter.literal(g.user()) + " AND role = " + TableWriter.literal(g.role()));
    if (grants != null) {
      grants.removeIf(x -> x.user().equals(g.user()) && x.role().equals(g.role()));
      grants.add(g);
    }
  }

  // the lifecycle trail

  /** The whole trail in sequence order. */
  public List<RegistryRecords.Event> events() {
    if (events == null) {
      events = new ArrayList<>(EventLog.all(spark, warehouse));
    }
    return List.copyOf(events);
  }

  /** Chains and appends events after the last one, in one commit. */
  public List<RegistryRecords.Event> appendEvents(List<RegistryRecords.NewEvent> newEvents) {
    if (events == null) {
      return EventLog.append(spark, warehouse, newEvents);
    }
    RegistryRecords.Event last = events.isEmpty() ? null : events.get(events.size() - 1);
    List<RegistryRecords.Event> chained =
        EventLog.chain(
            last == null ? 0 : last.seq(),
            last == null ? EventLog.GENESIS : last.hash(),
            newEvents);
    EventLog.write(spark, warehouse, chained);
    events.addAll(chained);
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

  public void setPolicy(String id, String yaml, String user, Instant at) {
    TableWriter.append(
        warehouse,
        StewardTables.POLICIES,
        spark.createDataFrame(
            List.of(RowFactory.create(id, yaml, user, ts(at))), StewardTables.POLICIES.schema()));
  }
}
