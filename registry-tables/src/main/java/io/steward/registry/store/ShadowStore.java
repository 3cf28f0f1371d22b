package io.steward.registry.store;

import static org.apache.spark.sql.functions.col;

import io.steward.common.domain.Granularity;
import io.steward.registry.tables.StewardTables;
import io.steward.registry.warehouse.Warehouse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Reads shadow mode's comparisons for the nightly rules: one small row per watched night. */
public final class ShadowStore {
  private ShadowStore() {}

  /** A night of the watch after a promotion, as stored. */
  public record Watch(
      String modelId,
      LocalDate night,
      String champion,
      String watched,
      String verdict,
      List<String> reasons) {}

  /** The DAY comparisons of {@code models} made during a watch after a promotion. */
  public static List<Watch> watches(SparkSession spark, Warehouse warehouse, List<String> models) {
    List<Watch> out = new ArrayList<>();
    for (Row r :
        TableWriter.read(spark, warehouse, StewardTables.SHADOW_COMPARISONS)
            .where(
                col("watching")
                    .and(col("granularity").equalTo(Granularity.DAY.name()))
                    .and(col("model_id").isin(models.toArray())))
            .select(
                "model_id",
                "window_start",
                "champion_version",
                "challenger_version",
                "verdict",
                "reasons")
            .collectAsList()) {
      out.add(
          new Watch(
              r.getString(0),
              r.getTimestamp(1).toInstant().atZone(ZoneOffset.UTC).toLocalDate(),
              r.getString(2),
              r.getString(3),
              r.getString(4),
              r.getList(5)));
    }
    return out;
  }
}
