package io.steward.registry.warehouse;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import io.steward.common.errors.Errors;
import io.steward.registry.tables.StewardTables;
import io.steward.registry.tables.TableDef;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Creates and upgrades the warehouse. Each migration has a version; {@code schema_migrations}
 * records the ones applied, so {@code init} is idempotent and an older warehouse is brought up to
 * date by applying only what it lacks. A later change adds a migration to {@link #ALL}; it never
 * edits an applied one.
 */
public final class Migrations {
  private Migrations() {}

  /** One step of the warehouse schema. */
  public record Migration(int version, String description, List<TableDef> creates) {}

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
                  StewardTables.LIFECYCLE_EVENTS)));

  /** The schema version this build writes. */
  public static final int CURRENT = ALL.get(ALL.size() - 1).version();

  /** The warehouse's schema version, 0 when it has none. */
  public static int version(SparkSession spark, Warehouse warehouse) {
    String path = warehouse.location(StewardTables.SCHEMA_MIGRATIONS);
    if (!DeltaTable.isDeltaTable(spark, path)) {
      return 0;
    }
    Row r = spark.read().format("delta").load(path).agg(max(col("version"))).first();
    return r.isNullAt(0) ? 0 : r.getInt(0);
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

  private static void create(SparkSession spark, Warehouse warehouse, TableDef t) {
    DeltaTableBuilder b =
        DeltaTable.createIfNotExists(spark)
            .location(warehouse.location(t))
            .addColumns(t.schema())
            .comment(t.description());
    for (Map.Entry<String, String> p : t.properties().entrySet()) {
      b = b.property(p.getKey(), p.getValue());
    }
    b.execute();
  }
}
