package io.steward.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.registry.tables.StewardTables;
import io.steward.registry.tables.StewardViews;
import io.steward.registry.tables.TableDef;
import io.steward.registry.testing.TestSpark;
import io.steward.registry.warehouse.CatalogNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code steward catalog ddl}: the statements that register the warehouse's tables in a metastore,
 * and their application to the session's catalog. (The same against a real Hive metastore, and the
 * printed DDL in a fresh Spark process, are in scripts/integration/test_catalog.py.)
 */
class CatalogDdlTest {
  @TempDir static Path dir;
  static String wh;
  static String other;

  @BeforeAll
  static void warehouses() {
    wh = TestData.initialisedWarehouse(dir.resolve("wh"));
    other = TestData.initialisedWarehouse(dir.resolve("other"));
  }

  @Test
  void everyViewAnswersAWarehouseWithoutRunsAndCannotBeChanged() throws Exception {
    for (StewardViews.ViewDef v : StewardViews.ALL) {
      Cli.Run r = Cli.run(wh, "sql", "SELECT * FROM steward." + v.name(), "--format", "csv");
      assertEquals(0, r.code(), r.toString());
      assertEquals(1, r.out().lines().count(), "a header and no rows: " + r);
    }
    Cli.Run drop = Cli.run(wh, "sql", "DROP VIEW steward.model_status");
    assertEquals(2, drop.code(), drop.toString());
    assertEquals(
        "steward: error: steward sql does not change steward.model_status; it is one of steward's"
            + " views, defined by the build and registered in every session that runs SQL (steward"
            + " catalog ddl prints its definition); query it with SELECT",
        drop.lastErr());
    // init wrote the definitions for notebooks, and writes them only when they differ.
    Path json = dir.resolve("wh/steward/" + CatalogNames.VIEWS_FILE);
    assertEquals(CatalogNames.viewsJson(), Files.readString(json));
    Cli.Run init = Cli.run(wh, "init");
    assertEquals(0, init.code(), init.toString());
    assertFalse(init.err().contains("views' definitions"), init.toString());
    Files.writeString(json, "[]");
    Cli.Run again = Cli.run(wh, "init");
    assertTrue(again.err().contains("the views' definitions are in "), again.toString());
    assertEquals(CatalogNames.viewsJson(), Files.readString(json));
  }

  @Test
  void anUninitialisedWarehouseHasNoDdl() {
    String empty = dir.resolve("empty").toString();
    Cli.Run none = Cli.run(empty, "catalog", "ddl");
    assertEquals(2, none.code(), none.toString());
    assertEquals(
        "steward: error: warehouse "
            + empty
            + " is not initialised (no steward tables found); run: steward init --warehouse "
            + empty,
        none.lastErr());
  }

  @Test
  void printsOneCreateTablePerTableByLocation() {
    Cli.Run r = Cli.run(wh, "catalog", "ddl", "--schema", "risk.analytics");
    assertEquals(0, r.code(), r.toString());
    List<String> lines = r.out().lines().toList();
    assertEquals(
        1 + StewardTables.ALL.size() + StewardViews.ALL.size(), lines.size(), r.toString());
    assertEquals("CREATE SCHEMA IF NOT EXISTS `risk`.`analytics`;", lines.get(0));
    assertEquals(
        "CREATE TABLE IF NOT EXISTS `risk`.`analytics`.`models` USING DELTA LOCATION '"
            + wh
            + "/steward/models';",
        lines.get(1 + StewardTables.ALL.indexOf(StewardTables.MODELS)));
    String inventory = lines.get(lines.size() - StewardViews.ALL.size() + 1);
    assertTrue(
        inventory.startsWith("CREATE OR REPLACE VIEW `risk`.`analytics`.`inventory` COMMENT 'The"),
        inventory);
    assertTrue(inventory.contains(" LEFT JOIN `risk`.`analytics`.models m ON "), inventory);
    assertFalse(inventory.contains("`steward`"), inventory);
    assertEquals("", r.err().strip(), "printing applies nothing");
  }

  @Test
  void applyRegistersEveryTableUnderTheSchemaAndAgainChangesNothing() {
    SparkSession spark = TestSpark.get();
    String uri = dir.resolve("wh").toUri().toString(); // the same warehouse, as a file:// URI
    for (int i = 0; i < 2; i++) {
      Cli.Run r = Cli.run(uri, "catalog", "ddl", "--schema", "reg_apply", "--apply");
      assertEquals(0, r.code(), r.toString());
      assertEquals(
          "registered "
              + StewardTables.ALL.size()
              + " tables and 7 views under reg_apply in the session's in-memory catalog only (it ends with"
              + " this run; give --conf spark.sql.catalogImplementation=hive to write a"
              + " metastore)",
          r.lastErr());
    }
    for (TableDef t : StewardTables.ALL) {
      String location = CatalogNames.location(spark, "reg_apply", t.name());
      assertTrue(
          CatalogNames.sameLocation(
              spark, location, dir.resolve("wh/steward/" + t.name()).toString()),
          location);
    }
    assertEquals(
        StewardTables.ALL.size() + StewardViews.ALL.size(),
        spark.sql("SHOW TABLES IN reg_apply").count(),
        "all of them");
    // The views read the tables of their own schema.
    assertEquals(
        spark.table("reg_apply.models").count(),
        spark.sql("SELECT * FROM reg_apply.inventory WHERE stage <> 'UNREGISTERED'").count());
    assertEquals(
        spark.read().format("delta").load(dir.resolve("wh/steward/principals").toString()).count(),
        spark.table("reg_apply.principals").count());
  }

  @Test
  void aNameThatPointsAtAnotherWarehouseIsAnError() {
    String first = wh;
    String second = other;
    assertEquals(0, Cli.run(first, "catalog", "ddl", "--schema", "reg_taken", "--apply").code());
    Cli.Run r = Cli.run(second, "catalog", "ddl", "--schema", "reg_taken", "--apply");
    assertEquals(2, r.code(), r.toString());
    assertEquals(
        "steward: error: table reg_taken.schema_migrations in the session's catalog points at file:"
            + first
            + "/steward/schema_migrations, not at this warehouse's "
            + second
            + "/steward/schema_migrations; register this warehouse under another schema (steward"
            + " catalog ddl --schema NAME --apply) or drop the old table name from the catalog",
        r.lastErr());
  }

  @Test
  void aSchemaNameThatIsNotAnIdentifierIsRefused() {
    Cli.Run r = Cli.run(wh, "catalog", "ddl", "--schema", "steward; DROP TABLE x");
    assertEquals(2, r.code(), r.toString());
    assertEquals(
        "steward: error: option --schema is 'steward; DROP TABLE x' but must be a schema name such"
            + " as steward or analytics (or catalog.schema)",
        r.lastErr());
    assertEquals("", r.out());
  }
}
