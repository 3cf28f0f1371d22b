package io.steward.jobs.warehouse;

import io.steward.common.errors.Errors;
import io.steward.registry.tables.StewardTables;
import io.steward.registry.tables.StewardViews;
import io.steward.registry.tables.TableReferences;
import java.util.Map;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Runs a statement of {@code steward sql} over the warehouse. Planned on the driver; a query's rows
 * are computed on the executors when the caller reads them. A statement that would change a steward
 * table is refused before it runs: the registry changes only through steward's audited commands,
 * the results only by a recorded run.
 */
public final class SqlAction {
  private SqlAction() {}

  /** The commands through which each steward table changes, named in the refusal. */
  static final Map<String, String> COMMANDS =
      Map.ofEntries(
          Map.entry("schema_migrations", "steward init"),
          Map.entry("monitors", "steward monitor register"),
          Map.entry("baselines", "steward baseline"),
          Map.entry("models", "steward model register, steward model transition"),
          Map.entry("model_versions", "steward model version add, steward model transition"),
          Map.entry("artifacts", "steward artifact add, steward monitor selftest"),
          Map.entry("principals", "steward principal grant, steward principal revoke"),
          Map.entry("policies", "steward policy set"),
          Map.entry(
              "lifecycle_events", "every steward model, artifact, principal and policy command"),
          Map.entry("alerts", "steward nightly, steward alert ack, resolve and action"),
          Map.entry("triggers", "steward nightly, steward audit, steward trigger dismiss"),
          Map.entry("job_runs", "steward nightly, steward audit"),
          Map.entry("feature_drift", "steward nightly"),
          Map.entry("performance_metrics", "steward nightly"),
          Map.entry("fairness_metrics", "steward nightly"),
          Map.entry("operational_metrics", "steward nightly"),
          Map.entry("shadow_comparisons", "steward nightly"));

  /**
   * DDL and DML on any steward table are refused: the registry changes only through audited
   * commands, and the results and run records only by a run (a night rerun with {@code steward
   * nightly --date D} replaces its results, and job_runs records the rerun).
   */
  public static void refuseStewardWrites(String q) {
    TableReferences.firstNamed(StewardTables.ALL, q)
        .ifPresent(
            t -> {
              String commands = COMMANDS.get(t.name());
              throw StewardTables.REGISTRY.contains(t)
                  ? Errors.registryTableWrite(t.qualifiedName(), commands)
                  : Errors.resultsTableWrite(t.qualifiedName(), commands);
            });
    TableReferences.firstView(StewardViews.ALL, q)
        .ifPresent(
            v -> {
              throw Errors.viewWrite(StewardTables.SCHEMA + "." + v.name());
            });
  }

  /**
   * A data error of the user's statement raised while its rows are computed (SQLSTATE class 22: a
   * division by zero, a cast that fails) as a user error; any other exception unchanged.
   */
  public static RuntimeException asUserError(RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SparkThrowable s
          && s.getSqlState() != null
          && s.getSqlState().startsWith("22")) {
        return Errors.sqlFailed(t.getMessage());
      }
    }
    return e;
  }

  /**
   * The statement's result, planned and analysed (so that a statement Spark cannot analyse is a
   * user error here), not yet computed.
   */
  public static Dataset<Row> execute(SparkSession spark, String q) {
    try {
      Dataset<Row> df = spark.sql(q);
      df.schema();
      return df;
    } catch (Exception e) {
      if (e instanceof AnalysisException) {
        throw Errors.sqlFailed(e.getMessage());
      }
      throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }
  }
}
