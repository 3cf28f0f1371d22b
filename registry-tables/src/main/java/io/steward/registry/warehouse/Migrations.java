package io.steward.registry.warehouse;

import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import io.steward.common.errors.Errors;
import io.steward.common.lifecycle.GatePolicy;
import io.steward.registry.store.Retention;
import io.steward.registry.tables.StewardTables;
import io.steward.registry.tables.TableDef;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * Creates and upgrades the warehouse. Each migration has a version; {@code schema_migrations}
 * records the ones applied, so {@code init} is idempotent and an older warehouse is brought up to
 * date by applying only what it lacks. A later change adds a migration to {@link #ALL}; it never
 * edits an applied one.
 */
public final class Migrations {
  private Migrations() {}

  /**
   * One step of the warehouse schema: tables to create and columns to add to existing tables. A
   * column is added only when missing, since a table created by an earlier step of a fresh
   * warehouse already has this build's full schema.
   */
  public record Migration(
      int version, String description, List<TableDef> creates, List<ColumnAddition> additions) {
    public Migration(int version, String description, List<TableDef> creates) {
      this(version, description, creates, List.of());
    }
  }

  /**
   * A column added to a table.
   *
   * @param path the column, with dots for nested fields ({@code inputs.element.scans})
   * @param type the column's type in Spark SQL DDL
   */
  public record ColumnAddition(TableDef table, String path, String type) {}

  public static final List<Migration> ALL =
      List.of(
          new Migration(
              1,
              "foundation: schema_migrations, monitors, baselines, feature_drift, job_runs",
              List.of(
                  StewardTables.SCHEMA_MIGRATIONS,
                  StewardTables.MONITORS,
                  StewardTables.BASELINES,
                  StewardTables.FEATURE_DRIFT,
                  StewardTables.JOB_RUNS)),
          new Migration(
              2,
              "registry: models, model_versions, artifacts, principals, policies, lifecycle_events",
              List.of(
                  StewardTables.MODELS,
                  StewardTables.MODEL_VERSIONS,
                  StewardTables.ARTIFACTS,
                  StewardTables.PRINCIPALS,
                  StewardTables.POLICIES,
                  StewardTables.LIFECYCLE_EVENTS)),
          new Migration(
              3,
              "outcomes: performance_metrics, fairness_metrics, operational_metrics; job_runs"
                  + " records rejected rows and scans per input; baselines keep the snapshot's"
                  + " performance",
              List.of(
                  StewardTables.PERFORMANCE_METRICS,
                  StewardTables.FAIRNESS_METRICS,
                  StewardTables.OPERATIONAL_METRICS),
              List.of(
                  new ColumnAddition(StewardTables.JOB_RUNS, "inputs.element.scans", "INT"),
                  new ColumnAddition(StewardTables.JOB_RUNS, "inputs.element.role", "STRING"),
                  new ColumnAddition(
                      StewardTables.JOB_RUNS,
                      "rejected",
                      "ARRAY<STRUCT<model_id: STRING, reason: STRING, rows: BIGINT>>"),
                  new ColumnAddition(
                      StewardTables.BASELINES, "performance", "MAP<STRING, DOUBLE>"))),
          new Migration(
              4,
              "decisions: alerts (one row per alert episode) and triggers (retrain, rollback,"
                  + " retire, zombie, unregistered)",
              List.of(StewardTables.ALERTS, StewardTables.TRIGGERS)),
          new Migration(
              5,
              "shadow mode: shadow_comparisons (one row per champion, challenger and window)",
              List.of(StewardTables.SHADOW_COMPARISONS)),
          new Migration(
              6,
              "one commit per change: lifecycle_events carries the rows each event's change"
                  + " writes (effect), so a change interrupted between the trail and the tables"
                  + " is completed by the next writer",
              List.of(),
              List.of(new ColumnAddition(StewardTables.LIFECYCLE_EVENTS, "effect", "STRING"))),
          new Migration(
              7,
              "anchored trail: job_runs records the head of the lifecycle trail each run saw"
                  + " (trail_head, N:HASH)",
              List.of(),
              List.of(new ColumnAddition(StewardTables.JOB_RUNS, "trail_head", "STRING"))),
          new Migration(
              8,
              "views for analysts: model_status, inventory, open_items, drift_history,"
                  + " performance_history, fairness_history, operations_history (defined by the"
                  + " build; their definitions are written to steward/_views.json for notebooks)",
              List.of()));

  /** The schema version this build writes. */
  public static final int CURRENT = ALL.get(ALL.size() - 1).version();

  /** The warehouse's schema version, 0 when it has none. */
  public static int version(SparkSession spark, Warehouse warehouse) {
    List<Row> rows = SmallTables.rowsIfExists(spark, warehouse, StewardTables.SCHEMA_MIGRATIONS);
    return rows == null
        ? 0
        : rows.stream().mapToInt(r -> r.<Integer>getAs("version")).max().orElse(0);
  }

  /**
   * Applies every migration newer than the warehouse's version.
   *
   * @return the migrations applied, empty when the warehouse was current
   */
  public static List<Migration> upgrade(
      SparkSession spark, Warehouse warehouse, String user, String stewardVersion) {
    int from = version(spark, warehouse);
    if (from > CURRENT) {
      throw Errors.newerWarehouse(warehouse.root(), from, CURRENT);
    }
    List<Migration> applied = new ArrayList<>();
    for (Migration m : ALL) {
      if (m.version() <= from) {
        continue;
      }
      for (TableDef t : m.creates()) {
        create(spark, warehouse, t);
      }
      for (ColumnAddition a : m.additions()) {
        addColumn(spark, warehouse, a);
      }
      Row row =
          RowFactory.create(
              m.version(), m.description(), Timestamp.from(Instant.now()), user, stewardVersion);
      spark
          .createDataFrame(List.of(row), StewardTables.SCHEMA_MIGRATIONS.schema())
          .write()
          .format("delta")
          .mode("append")
          .save(warehouse.location(StewardTables.SCHEMA_MIGRATIONS));
      applied.add(m);
    }
    return applied;
  }

  /** Warehouses this JVM has seen at the current version; a version only ever goes up. */
  private static final Set<String> CURRENT_SEEN = ConcurrentHashMap.newKeySet();

  /** Fails with the fix when the warehouse is missing or not at this build's version. */
  public static void requireCurrent(SparkSession spark, Warehouse warehouse) {
    if (CURRENT_SEEN.contains(warehouse.root())) {
      return;
    }
    int v = version(spark, warehouse);
    if (v == 0) {
      throw Errors.notAWarehouse(warehouse.root(), "no steward tables found");
    }
    if (v > CURRENT) {
      throw Errors.newerWarehouse(warehouse.root(), v, CURRENT);
    }
    if (v < CURRENT) {
      throw Errors.notAWarehouse(
          warehouse.root(), "schema version " + v + " is older than " + CURRENT);
    }
    CURRENT_SEEN.add(warehouse.root());
  }

  private static void addColumn(SparkSession spark, Warehouse warehouse, ColumnAddition a) {
    String location = warehouse.location(a.table());
    DataType type = spark.read().format("delta").load(location).schema();
    for (String part : a.path().split("\\.")) {
      if (type instanceof ArrayType array && part.equals("element")) {
        type = array.elementType();
      } else if (type instanceof StructType struct
          && Arrays.asList(struct.fieldNames()).contains(part)) {
        type = struct.apply(part).dataType();
      } else {
        type = null;
        break;
      }
    }
    if (type != null) {
      return;
    }
    spark.sql(
        "ALTER TABLE delta.`"
            + location.replace("`", "``")
            + "` ADD COLUMNS ("
            + a.path()
            + " "
            + a.type()
            + ")");
  }

  private static void create(SparkSession spark, Warehouse warehouse, TableDef t) {
    DeltaTableBuilder b =
        DeltaTable.createIfNotExists(spark)
            .location(warehouse.location(t))
            .addColumns(t.schema())
            .comment(t.description());
    for (Map.Entry<String, String> p : t.properties().entrySet()) {
      b = b.property(p.getKey(), p.getValue());
    }
    // The default audit horizon from the start; init sets the policy's when it differs.
    for (Map.Entry<String, String> p :
        Retention.properties(GatePolicy.DEFAULT_AUDIT_HORIZON_DAYS).entrySet()) {
      b = b.property(p.getKey(), p.getValue());
    }
    b.execute();
  }
}
