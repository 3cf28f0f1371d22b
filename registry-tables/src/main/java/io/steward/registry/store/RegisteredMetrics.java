package io.steward.registry.store;

import io.steward.registry.tables.StewardTables;
import io.steward.registry.warehouse.SmallTables;
import io.steward.registry.warehouse.Warehouse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

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
   * #VERSION}, {@link #METRIC}, {@link #VALUE}; a small local table built on the driver from the
   * versions table read whole.
   */
  public static Dataset<Row> load(SparkSession spark, Warehouse warehouse, List<String> models) {
    List<Row> rows = new ArrayList<>();
    for (Row v : SmallTables.rows(spark, warehouse, StewardTables.MODEL_VERSIONS)) {
      if (models.contains(v.<String>getAs("model_id"))) {
        Map<String, Double> metrics = v.getJavaMap(v.fieldIndex("metrics"));
        for (Map.Entry<String, Double> m : metrics.entrySet()) {
          rows.add(
              RowFactory.create(
                  v.getAs("model_id"),
                  v.getAs("version"),
                  m.getKey().toLowerCase(Locale.ROOT),
                  m.getValue()));
        }
      }
    }
    return spark.createDataFrame(rows, SCHEMA);
  }

  private static final StructType SCHEMA =
      new StructType()
          .add(MODEL, DataTypes.StringType, false)
          .add(VERSION, DataTypes.StringType, false)
          .add(METRIC, DataTypes.StringType, false)
          .add(VALUE, DataTypes.DoubleType, true);
}
