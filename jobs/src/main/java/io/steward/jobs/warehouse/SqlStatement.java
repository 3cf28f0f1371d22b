package io.steward.jobs.warehouse;

import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.InsertIntoStatement;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import scala.jdk.javaapi.CollectionConverters;

/**
 * What a statement given to {@code steward sql} does: read only, or write. Decided on the driver
 * from its first word, and for a statement that starts like a query, from its parsed plan; nothing
 * is executed.
 */
public final class SqlStatement {
  private SqlStatement() {}

  private static final Set<String> INSPECTIONS = Set.of("SHOW", "DESCRIBE", "DESC", "EXPLAIN");

  private static final Set<String> READ_ONLY =
      Set.of(
          "SELECT", "WITH", "SHOW", "DESCRIBE", "DESC", "EXPLAIN", "VALUES", "TABLE", "FROM", "(");

  /** Whether the statement starts like a query (which may still write: see {@link #writes}). */
  public static boolean startsAsQuery(String q) {
    return READ_ONLY.contains(firstWord(q));
  }

  /**
   * Whether a statement that starts like a query writes anyway ({@code WITH ... INSERT}, {@code
   * FROM t INSERT INTO ...}): its parsed plan holds a command or an insert. A statement that does
   * not parse is left to its execution, which reports the error.
   */
  public static boolean writes(SparkSession spark, String q) {
    if (INSPECTIONS.contains(firstWord(q))) {
      return false;
    }
    LogicalPlan plan;
    try {
      plan = spark.sessionState().sqlParser().parsePlan(q);
    } catch (Exception e) {
      return false;
    }
    return containsWrite(plan);
  }

  private static boolean containsWrite(LogicalPlan plan) {
    if (plan instanceof Command || plan instanceof InsertIntoStatement) {
      return true;
    }
    for (LogicalPlan child : CollectionConverters.asJava(plan.children())) {
      if (containsWrite(child)) {
        return true;
      }
    }
    return false;
  }

  private static String firstWord(String q) {
    String t = q.stripLeading();
    if (t.startsWith("(")) {
      return "(";
    }
    return (t.isEmpty() ? "" : t.split("[\\s(]", 2)[0]).toUpperCase(Locale.ROOT);
  }
}
