package io.steward.jobs.nightly;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lower;

import io.steward.registry.store.TableWriter;
import io.steward.registry.tables.StewardTables;
import io.steward.registry.warehouse.Warehouse;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The evaluation metrics registered with each model version ({@code steward model version add
 * --metric auc=0.81}), which are the performance baseline of that version where they exist.
 */
public final class RegisteredMetrics {
  private RegisteredMetrics() {}

  /** reg_model, reg_version, reg_metric (lower case), reg_value; a small table. */
  public static Dataset<Row> load(SparkSession spark, Warehouse warehouse, List<String> models) {
    return TableWriter.read(spark, warehouse, StewardTables.MODEL_VERSIONS)
        .where(col("model_id").isin(models.toArray()))
        .select(
            col("model_id"), col("version"), explode(col("metrics")).as(new String[] {"k", "v"}))
        .select(
            col("model_id").as("reg_model"),
            col("version").as("reg_version"),
            lower(col("k")).as("reg_metric"),
            col("v").as("reg_value"));
  }
}
