package io.steward.registry.store;

import io.steward.registry.tables.StewardTables;
import io.steward.registry.warehouse.SmallTables;
import io.steward.registry.warehouse.Warehouse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Counts the alerts not yet resolved in {@code steward.alerts}, for the portfolio report and the
 * registry's views. Counted on the driver from the table read whole.
 */
public final class OpenAlerts {
  private OpenAlerts() {}

  /** Open (or acknowledged) alerts of one model: how many, and how many of them CRITICAL. */
  public record Count(long open, long critical) {}

  /** By model id, in id order; a model with none is absent. */
  public static Map<String, Count> byModel(SparkSession spark, Warehouse warehouse) {
    Map<String, Count> out = new TreeMap<>();
    for (Row r : SmallTables.rows(spark, warehouse, StewardTables.ALERTS)) {
      if (!"RESOLVED".equals(r.getAs("status"))) {
        boolean critical = "CRITICAL".equals(r.getAs("severity"));
        out.merge(
            r.getAs("model_id"),
            new Count(1, critical ? 1 : 0),
            (a, b) -> new Count(a.open() + b.open(), a.critical() + b.critical()));
      }
    }
    return new LinkedHashMap<>(out);
  }
}
