package io.steward.jobs.demo;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.steward.jobs.StewardContext;
import io.steward.registry.store.TableWriter;
import io.steward.registry.tables.StewardTables;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * Shadow mode at a glance for the demo's summary: per model, champion and challenger, the nights
 * compared, how many were clean, how many were a watch after a promotion, and the latest night's
 * verdict. Driver: one small aggregation of {@code steward.shadow_comparisons}.
 */
public final class ShadowSummary {
  private ShadowSummary() {}

  public record Line(
      String modelId,
      String champion,
      String challenger,
      long nights,
      long clean,
      long watched,
      LocalDate lastNight,
      String lastVerdict) {}

  static List<Line> of(StewardContext ctx) {
    List<Line> out = new ArrayList<>();
    for (Row r :
        TableWriter.read(ctx.spark(), ctx.warehouse(), StewardTables.SHADOW_COMPARISONS)
            .where(col("granularity").equalTo("DAY"))
            .groupBy("model_id", "champion_version", "challenger_version")
            .agg(
                count("*"),
                sum(
                    when(col("enough_pairs").and(not(col("material_discrepancy"))), 1)
                        .otherwise(0)),
                sum(when(col("watching"), 1).otherwise(0)),
                max("window_start"),
                max_by(col("verdict"), col("window_start")))
            .orderBy("model_id", "champion_version", "challenger_version")
            .collectAsList()) {
      out.add(
          new Line(
              r.getString(0),
              r.getString(1),
              r.getString(2),
              r.getLong(3),
              r.getLong(4),
              r.getLong(5),
              r.getTimestamp(6).toInstant().atZone(ZoneOffset.UTC).toLocalDate(),
              r.getString(7)));
    }
    return out;
  }
}
