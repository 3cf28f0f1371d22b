package io.steward.registry.store;

import static org.apache.spark.sql.functions.col;

import io.steward.registry.tables.TableDef;
import io.steward.registry.warehouse.ConcurrentJobs;
import io.steward.registry.warehouse.Warehouse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
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
    append(warehouse, table, rows, Map.of());
  }

  /** {@link #append} with Delta writer options (an idempotent write's application id). */
  public static void append(
      Warehouse warehouse, TableDef table, Dataset<Row> rows, Map<String, String> options) {
    conform(table, rows)
        .coalesce(1)
        .write()
        .format("delta")
        .mode("append")
        .options(options)
        .save(warehouse.location(table));
  }

  /**
   * Replaces every row matching {@code predicate} with {@code rows} in one commit: the way a rerun
   * of a window replaces that window's results, never duplicating them. The rows must themselves
   * match the predicate (Delta checks).
   */
  public static void replace(
      Warehouse warehouse, TableDef table, Dataset<Row> rows, String predicate) {
    replace(warehouse, table, rows, predicate, Map.of());
  }

  /** {@link #replace} with Delta writer options (an idempotent write's application id). */
  public static void replace(
      Warehouse warehouse,
      TableDef table,
      Dataset<Row> rows,
      String predicate,
      Map<String, String> options) {
    conform(table, rows)
        .coalesce(1)
        .write()
        .format("delta")
        .mode("overwrite")
        .options(options)
        .option("replaceWhere", predicate)
        .save(warehouse.location(table));
  }

  /**
   * {@link #replace} tried again, up to {@link #CONFLICT_ATTEMPTS} times, when Delta refuses it
   * because another writer committed to the table meanwhile (on a table without partitions, any
   * concurrent append does): for a write whose rows are the whole truth of what {@code predicate}
   * matches, such as a run's own row of {@code job_runs}, which no other writer touches.
   */
  public static void replaceRetrying(
      Warehouse warehouse, TableDef table, Dataset<Row> rows, String predicate) {
    for (int attempt = 1; ; attempt++) {
      try {
        replace(warehouse, table, rows, predicate);
        return;
      } catch (ConcurrentModificationException conflict) {
        if (attempt >= CONFLICT_ATTEMPTS) {
          throw conflict;
        }
      }
    }
  }

  /**
   * {@link #replace}s several tables at once, each in its own thread and its own Delta commit: the
   * commits are independent, and most of their time is spent waiting on small Spark jobs and the
   * file system, which overlap. Every write is awaited; the first failure is rethrown once all have
   * ended (each table is then either fully replaced or untouched).
   */
  public static void replaceAll(
      Warehouse warehouse, Map<TableDef, Dataset<Row>> writes, String predicate) {
    replaceAll(warehouse, writes, predicate, Map.of());
  }

  /** How many times a write refused by a concurrent commit is tried again. */
  static final int CONFLICT_ATTEMPTS = 5;

  /**
   * {@link #replaceAll} with Delta writer options. A table's write that Delta refuses because
   * another writer committed to it meanwhile is tried again against the new state, up to {@link
   * #CONFLICT_ATTEMPTS} times; with an idempotent write's options, a retry that a newer writer has
   * overtaken is skipped by Delta.
   */
  public static void replaceAll(
      Warehouse warehouse,
      Map<TableDef, Dataset<Row>> writes,
      String predicate,
      Map<String, String> options) {
    if (writes.isEmpty()) {
      return;
    }
    List<Callable<Void>> pieces = new ArrayList<>();
    for (Map.Entry<TableDef, Dataset<Row>> w : writes.entrySet()) {
      pieces.add(
          () -> {
            for (int attempt = 1; ; attempt++) {
              try {
                replace(warehouse, w.getKey(), w.getValue(), predicate, options);
                return null;
              } catch (ConcurrentModificationException conflict) {
                if (attempt >= CONFLICT_ATTEMPTS) {
                  throw conflict;
                }
              }
            }
          });
    }
    ConcurrentJobs.all(writes.values().iterator().next().sparkSession(), "writing results", pieces);
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
