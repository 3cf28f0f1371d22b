package io.steward.registry.warehouse;

import io.delta.tables.DeltaTable;
import io.steward.registry.tables.StewardTables;
import io.steward.registry.tables.TableDef;
import org.apache.spark.sql.SparkSession;

/**
 * Makes {@code steward.<table>} resolvable in a session by registering the warehouse's Delta tables
 * by location in the session catalog. No metastore is involved, so any number of processes can read
 * the warehouse at once; every new process registers the names again (cheap: only the table logs
 * are touched).
 */
public final class CatalogNames {
  private CatalogNames() {}

  private static final String REGISTERED_ROOT = "steward.catalog.registeredRoot";

  /** Registers every existing table of the warehouse under schema {@code steward}. */
  public static void register(SparkSession spark, Warehouse warehouse) {
    String previous = spark.conf().get(REGISTERED_ROOT, "");
    if (!previous.isEmpty() && !previous.equals(warehouse.root())) {
      for (TableDef t : StewardTables.ALL) {
        spark.sql("DROP TABLE IF EXISTS " + t.qualifiedName());
      }
    }
    spark.sql("CREATE DATABASE IF NOT EXISTS " + StewardTables.SCHEMA);
    for (TableDef t : StewardTables.ALL) {
      String path = warehouse.location(t);
      if (!spark.catalog().tableExists(t.qualifiedName()) && DeltaTable.isDeltaTable(spark, path)) {
        spark.sql(
            "CREATE TABLE IF NOT EXISTS "
                + t.qualifiedName()
                + " USING delta LOCATION '"
                + path.replace("'", "\\'")
                + "'");
      }
    }
    spark.conf().set(REGISTERED_ROOT, warehouse.root());
  }
}
