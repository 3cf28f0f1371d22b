package io.steward.registry.store;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.steward.registry.tables.StewardTables;
import io.steward.registry.warehouse.Warehouse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Counts the alerts not yet resolved in {@code steward.alerts}, for the portfolio report and the
 * registry's views. One small aggregate on the driver.
 */
public final class OpenAlerts {
  private OpenAlerts() {}

  /** Open (or acknowledged) alerts of one model: how many, and how many of them CRITICAL. */
  public record Count(long open, long critical) {}

  /** By model id, in id order; a model with none is absent. */
  public static Map<String, Count> byModel(SparkSession spark, Warehouse warehouse) {
    Map<String, Count> out = new LinkedHashMap<>();
    for (Row r :
        TableWriter.read(spark, warehouse, StewardTables.ALERTS)
            .where(col("status").notEqual("RESOLVED"))
            .groupBy("model_id")
            .agg(count(lit(1)), sum(when(col("severity").equalTo("CRITICAL"), 1).otherwise(0)))
            .orderBy("model_id")
            .collectAsList()) {
      out.put(r.getString(0), new Count(r.getLong(1), r.getLong(2)));
    }
    return out;
  }
}
