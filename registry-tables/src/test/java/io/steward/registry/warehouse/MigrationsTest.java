package io.steward.registry.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.tables.DeltaTable;
import io.steward.common.errors.StewardException;
import io.steward.common.testing.TestSpark;
import io.steward.registry.tables.StewardTables;
import io.steward.registry.tables.TableDef;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
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
      assertTrue(DeltaTable.isDeltaTable(spark, w.location(t)), t.name());
      assertEquals(
          t.schema().fieldNames().length,
          spark.read().format("delta").load(w.location(t)).schema().fieldNames().length,
          t.name());
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
}
