package io.steward.registry.store;

import static org.apache.spark.sql.functions.col;

import io.steward.registry.tables.TableDef;
import io.steward.registry.warehouse.Warehouse;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;

/**
 * Writes to warehouse tables. Each call is one Delta commit, so readers see all of it or none of
 * it, and a process killed midway leaves the table as it was.
 */
public final class TableWriter {
  private TableWriter() {}

  /** Appends rows. */
  public static void append(Warehouse warehouse, TableDef table, Dataset<Row> rows) {
    conform(table, rows)
        .coalesce(1)
        .write()
        .format("delta")
        .mode("append")
        .save(warehouse.location(table));
  }

  /**
   * Replaces every row matching {@code predicate} with {@code rows} in one commit: the way a rerun
   * of a window replaces that window's results, never duplicating them. The rows must themselves
   * match the predicate (Delta checks).
   */
  public static void replace(
      Warehouse warehouse, TableDef table, Dataset<Row> rows, String predicate) {
    conform(table, rows)
        .coalesce(1)
        .write()
        .format("delta")
        .mode("overwrite")
        .option("replaceWhere", predicate)
        .save(warehouse.location(table));
  }

  /** Reads a warehouse table at its latest version. */
  public static Dataset<Row> read(SparkSession spark, Warehouse warehouse, TableDef table) {
    return spark.read().format("delta").load(warehouse.location(table));
  }

  /** Puts the columns in the table's order and types, so writers cannot drift from the schema. */
  static Dataset<Row> conform(TableDef table, Dataset<Row> rows) {
    Column[] columns =
        Arrays.stream(table.schema().fields())
            .map((StructField f) -> col(f.name()).cast(f.dataType()).as(f.name()))
            .toArray(Column[]::new);
    return rows.select(columns);
  }

  /** A SQL string literal. */
  public static String literal(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
