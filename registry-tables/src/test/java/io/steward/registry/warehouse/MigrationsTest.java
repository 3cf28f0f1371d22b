package io.steward.registry.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.tables.DeltaTable;
import io.steward.common.errors.StewardException;
import io.steward.registry.tables.StewardTables;
import io.steward.registry.tables.TableDef;
import io.steward.registry.testing.TestSpark;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {
  @TempDir Path dir;

  @Test
  void upgradeIsIdempotentAndRecordsTheVersion() {
    SparkSession spark = TestSpark.get();
    Warehouse w = new Warehouse(dir.toString());
    StewardException e =
        assertThrows(StewardException.class, () -> Migrations.requireCurrent(spark, w));
    assertEquals(
        "warehouse "
            + dir
            + " is not initialised (no steward tables found); run: steward init"
            + " --warehouse "
            + dir,
        e.getMessage());

    assertEquals(Migrations.ALL.size(), Migrations.upgrade(spark, w, "alice", "t").size());
    assertEquals(0, Migrations.upgrade(spark, w, "alice", "t").size());
    assertEquals(Migrations.CURRENT, Migrations.version(spark, w));
    Migrations.requireCurrent(spark, w);
    for (TableDef t : StewardTables.ALL) {
      StructType actual = spark.read().format("delta").load(w.location(t)).schema();
      assertEquals(names(t.schema()), names(actual), t.name() + " is a Delta table of its columns");
    }
    assertEquals(
        Migrations.ALL.size(),
        spark.read().format("delta").load(w.location(StewardTables.SCHEMA_MIGRATIONS)).count());

    CatalogNames.register(spark, w);
    assertEquals(
        (long) Migrations.ALL.size(),
        spark.sql("SELECT count(*) FROM steward.schema_migrations").first().getLong(0));
  }

  @Test
  void localPathsAreNormalisedAndUrisKept() {
    assertTrue(new Warehouse("rel/wh").isLocal());
    assertTrue(new Warehouse("rel/wh").root().startsWith("/"));
    assertEquals("/tmp/x", new Warehouse("file:///tmp/x").root());
    assertEquals("hdfs://nn:8020/wh", new Warehouse("hdfs://nn:8020/wh/").root());
    assertTrue(!new Warehouse("abfss://c@a.dfs.core.windows.net/wh").isLocal());
  }

  /** A warehouse at schema version 2, as the build before the outcomes metrics created it. */
  @Test
  void version2WarehouseGainsTheOutcomeTablesAndColumns() {
    SparkSession spark = TestSpark.get();
    Warehouse w = new Warehouse(dir.resolve("v2").toString());
    StructType oldInput =
        new StructType()
            .add("table", DataTypes.StringType)
            .add("delta_version", DataTypes.LongType)
            .add("rows_read", DataTypes.LongType);
    StructType oldJobRuns = new StructType();
    for (StructField f : StewardTables.JOB_RUNS.schema().fields()) {
      if (f.name().equals("inputs")) {
        oldJobRuns = oldJobRuns.add("inputs", DataTypes.createArrayType(oldInput, true), false);
      } else if (!f.name().equals("rejected") && !f.name().equals("trail_head")) {
        oldJobRuns = oldJobRuns.add(f);
      }
    }
    StructType oldBaselines = new StructType();
    for (StructField f : StewardTables.BASELINES.schema().fields()) {
      if (!f.name().equals("performance")) {
        oldBaselines = oldBaselines.add(f);
      }
    }
    StructType oldEvents = new StructType();
    for (StructField f : StewardTables.LIFECYCLE_EVENTS.schema().fields()) {
      if (!f.name().equals("effect")) {
        oldEvents = oldEvents.add(f);
      }
    }
    for (Migrations.Migration m : Migrations.ALL.subList(0, 2)) {
      for (TableDef t : m.creates()) {
        StructType schema =
            t == StewardTables.JOB_RUNS
                ? oldJobRuns
                : t == StewardTables.BASELINES
                    ? oldBaselines
                    : t == StewardTables.LIFECYCLE_EVENTS ? oldEvents : t.schema();
        DeltaTable.create(spark).location(w.location(t)).addColumns(schema).execute();
      }
      spark
          .createDataFrame(
              List.of(
                  RowFactory.create(
                      m.version(), m.description(), new Timestamp(0), "alice", "old")),
              StewardTables.SCHEMA_MIGRATIONS.schema())
          .write()
          .format("delta")
          .mode("append")
          .save(w.location(StewardTables.SCHEMA_MIGRATIONS));
    }
    assertEquals(2, Migrations.version(spark, w));

    List<Migrations.Migration> applied = Migrations.upgrade(spark, w, "alice", "new");
    assertEquals(
        List.of(3, 4, 5, 6, 7, 8), applied.stream().map(Migrations.Migration::version).toList());
    assertEquals(Migrations.CURRENT, Migrations.version(spark, w));
    for (TableDef t : StewardTables.ALL) {
      StructType actual = spark.read().format("delta").load(w.location(t)).schema();
      assertEquals(
          names(t.schema()), names(actual), t.name() + " has this build's columns after upgrade");
    }
  }

  /** Every column path, nested fields and array elements included, in order. */
  private static List<String> names(DataType type) {
    List<String> out = new ArrayList<>();
    collect("", type, out);
    return out;
  }

  private static void collect(String prefix, DataType type, List<String> out) {
    if (type instanceof StructType s) {
      for (StructField f : s.fields()) {
        out.add(prefix + f.name());
        collect(prefix + f.name() + ".", f.dataType(), out);
      }
    } else if (type instanceof ArrayType a) {
      collect(prefix + "element.", a.elementType(), out);
    }
  }
}
