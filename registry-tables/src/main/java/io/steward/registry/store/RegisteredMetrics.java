package io.steward.registry.store;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lower;

import io.steward.registry.tables.StewardTables;
import io.steward.registry.warehouse.Warehouse;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The evaluation metrics registered with each model version ({@code steward model version add
 * --metric auc=0.81}), read from {@code steward.model_versions}: the performance baseline of that
 * version where they exist.
 */
public final class RegisteredMetrics {
  private RegisteredMetrics() {}

  /** The model id column of {@link #load}'s rows. */
  public static final String MODEL = "reg_model";

  /** The model version column of {@link #load}'s rows. */
  public static final String VERSION = "reg_version";

  /** The metric name column (lower case) of {@link #load}'s rows. */
  public static final String METRIC = "reg_metric";

  /** The registered value column of {@link #load}'s rows. */
  public static final String VALUE = "reg_value";

  /**
   * One row per registered metric of every version of {@code models}: {@link #MODEL}, {@link
   * #VERSION}, {@link #METRIC}, {@link #VALUE}; a small table.
   */
  public static Dataset<Row> load(SparkSession spark, Warehouse warehouse, List<String> models) {
    return TableWriter.read(spark, warehouse, StewardTables.MODEL_VERSIONS)
        .where(col("model_id").isin(models.toArray()))
        .select(
            col("model_id"), col("version"), explode(col("metrics")).as(new String[] {"k", "v"}))
        .select(
            col("model_id").as(MODEL),
            col("version").as(VERSION),
            lower(col("k")).as(METRIC),
            col("v").as(VALUE));
  }
}
