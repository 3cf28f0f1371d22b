package io.steward.registry.store;

import io.steward.common.errors.Errors;
import io.steward.common.spec.TableRef;
import java.io.FileNotFoundException;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads the tables a spec points at (prediction logs, label tables, training snapshots) at a
 * definite Delta version, so that every figure can name the version of the data it came from.
 */
public final class SourceTables {
  private SourceTables() {}

  /** The latest Delta version of a table, or a user error naming it when it cannot be read. */
  public static long latestVersion(SparkSession spark, TableRef table) {
    try {
      Row last = spark.sql("DESCRIBE HISTORY " + table.sql() + " LIMIT 1").first();
      return last.<Long>getAs("version");
    } catch (Exception e) {
      if (e instanceof AnalysisException || isMissingTable(e)) {
        throw Errors.tableMissing(table.sql(), e.getMessage());
      }
      throw rethrow(e);
    }
  }

  /** A table read at a definite Delta version. */
  public record Read(long version, Dataset<Row> rows) {}

  /** The table at its latest Delta version, and that version (one look at its history). */
  public static Read readLatest(SparkSession spark, TableRef table) {
    long latest = latestVersion(spark, table);
    return new Read(latest, read(spark, table, latest, latest));
  }

  /** The table at a pinned Delta version, or at its latest when {@code version} is null. */
  public static Read readPinned(SparkSession spark, TableRef table, Long version) {
    return version == null
        ? readLatest(spark, table)
        : new Read(version, readAt(spark, table, version));
  }

  /** The table as of a Delta version; a version that does not exist is a user error. */
  public static Dataset<Row> readAt(SparkSession spark, TableRef table, long version) {
    long latest = latestVersion(spark, table);
    if (version > latest) {
      throw Errors.tableVersionMissing(table.sql(), version, latest);
    }
    return read(spark, table, version, latest);
  }

  private static Dataset<Row> read(SparkSession spark, TableRef table, long version, long latest) {
    try {
      Dataset<Row> rows = spark.sql("SELECT * FROM " + table.sql() + " VERSION AS OF " + version);
      rows.schema();
      return rows;
    } catch (Exception e) {
      if (e instanceof AnalysisException || isMissingTable(e)) {
        throw Errors.tableVersionMissing(table.sql(), version, latest);
      }
      throw rethrow(e);
    }
  }

  private static RuntimeException rethrow(Exception e) {
    return e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
  }

  private static boolean isMissingTable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = String.valueOf(t.getMessage());
      if (t instanceof FileNotFoundException
          || m.contains("DELTA_MISSING_DELTA_TABLE")
          || m.contains("is not a Delta table")
          || m.contains("TABLE_OR_VIEW_NOT_FOUND")
          || m.contains("PATH_NOT_FOUND")
          || m.contains("DELTA_FILE_NOT_FOUND")) {
        return true;
      }
    }
    return false;
  }
}
