package io.steward.jobs.warehouse;

import io.steward.common.errors.Errors;
import io.steward.registry.tables.StewardTables;
import io.steward.registry.tables.TableReferences;
import java.util.Map;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Runs a statement of {@code steward sql} over the warehouse. Planned on the driver; a query's rows
 * are computed on the executors when the caller reads them. A statement that would change a
 * registry table is refused before it runs: those tables change only through steward's audited
 * commands.
 */
public final class SqlAction {
  private SqlAction() {}

  /** The commands through which each registry table changes, named in the refusal. */
  private static final Map<String, String> REGISTRY_COMMANDS =
      Map.of(
          "schema_migrations", "steward init",
          "monitors", "steward monitor register",
          "baselines", "steward baseline",
          "models", "steward model register, steward model transition",
          "model_versions", "steward model version add, steward model transition",
          "artifacts", "steward artifact add",
          "principals", "steward principal grant, steward principal revoke",
          "policies", "steward policy set",
          "lifecycle_events", "every steward model, artifact, principal and policy command");

  /** DDL and DML on a registry table are refused: those change only through audited commands. */
  public static void refuseRegistryWrites(String q) {
    TableReferences.firstNamed(StewardTables.REGISTRY, q)
        .ifPresent(
            t -> {
              throw Errors.registryTableWrite(t.qualifiedName(), REGISTRY_COMMANDS.get(t.name()));
            });
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
