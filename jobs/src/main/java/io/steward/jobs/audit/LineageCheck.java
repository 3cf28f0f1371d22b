package io.steward.jobs.audit;

import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import io.steward.common.errors.Errors;
import io.steward.common.spec.TableRef;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Whether a version's training lineage can still be read: the table exists, its Delta history still
 * holds the pinned version (Delta drops commits older than the table's log retention, and time
 * travel to them fails), and the table resolves at that version. Driver only: reads the table's
 * history and plans a read, never its rows. Each (table, version) is checked once per audit.
 */
final class LineageCheck {
  private final SparkSession spark;
  private final Map<String, String> checked = new HashMap<>();

  LineageCheck(SparkSession spark) {
    this.spark = spark;
  }

  /** Why the table at that version cannot be read, or null when it can. */
  String problem(String trainingTable, long version) {
    return checked.computeIfAbsent(
        trainingTable + "@" + version, k -> check(trainingTable, version));
  }

  private String check(String trainingTable, long version) {
    TableRef ref = TableRef.parse(trainingTable);
    if (ref == null) {
      return "training table '" + trainingTable + "' is not a table name or path";
    }
    Row range;
    try {
      range =
          spark.sql("DESCRIBE HISTORY " + ref.sql()).agg(min("version"), max("version")).first();
    } catch (Exception e) {
      return "training table "
          + ref.sql()
          + " no longer exists or cannot be read ("
          + cause(e)
          + ")";
    }
    long earliest = range.getLong(0);
    long latest = range.getLong(1);
    if (version > latest) {
      return "training table "
          + ref.sql()
          + " has no Delta version "
          + version
          + " (latest "
          + latest
          + ")";
    }
    if (version < earliest) {
      return "Delta version "
          + version
          + " of training table "
          + ref.sql()
          + " is past its retention (history starts at "
          + earliest
          + ")";
    }
    try {
      spark.sql("SELECT * FROM " + ref.sql() + " VERSION AS OF " + version).schema();
      return null;
    } catch (Exception e) {
      return "Delta version "
          + version
          + " of training table "
          + ref.sql()
          + " cannot be read ("
          + cause(e)
          + ")";
    }
  }

  /** The first line of the error, at most 160 characters, for a trigger's evidence. */
  private static String cause(Exception e) {
    String line = Errors.oneLine(String.valueOf(e.getMessage()));
    return line.length() <= 160 ? line : line.substring(0, 157) + "...";
  }
}
