package io.steward.jobs.bench;

import static io.steward.jobs.bench.SqlRival.put;
import static io.steward.jobs.bench.SqlRival.ratio;
import static org.apache.spark.sql.functions.expr;

import io.steward.registry.tables.StewardTables;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The SQL rival's operational figures and label lag ({@link SqlRival}): each row exploded to the
 * whole, its status, its source and its minute, and counted in one group-by with errors, the newest
 * timestamp and exact nearest-rank latency and label-lag percentiles ({@code percentile_disc}); the
 * peak minute, utilization and model-level figures taken on the driver from those rows.
 */
final class RivalOperations {
  private RivalOperations() {}

  private static final String PERFORMANCE = StewardTables.PERFORMANCE_METRICS.name();
  private static final String OPERATIONS = StewardTables.OPERATIONAL_METRICS.name();

  static Map<String, Long> figures(Dataset<Row> night, Instant start, Map<String, Double> out) {
    long startMicros = start.getEpochSecond() * 1_000_000L;
    Dataset<Row> dims =
        night
            .selectExpr(
                "model_id",
                "model_version",
                "unix_micros(event_ts) AS ts",
                "IF(latency_ms >= 0, latency_ms, NULL) AS latency",
                "CASE WHEN label IS NOT NULL AND labeled_at >= event_ts THEN"
                    + " (unix_micros(labeled_at) - unix_micros(event_ts)) / 3.6e9D END AS lag",
                "status IS NOT NULL AND NOT array_contains(array("
                    + BenchSpecs.OK_STATUS.stream()
                        .map(SqlRival::sql)
                        .collect(Collectors.joining(", "))
                    + "), status) AS error",
                "inline(array(struct(CAST(NULL AS STRING) AS dim, CAST(NULL AS STRING) AS val),"
                    + " struct('status' AS dim, coalesce(status, '(missing)') AS val),"
                    + " struct('source' AS dim, coalesce(source, '(missing)') AS val),"
                    + " struct('minute' AS dim, CAST(floor((unix_micros(event_ts) - "
                    + startMicros
                    + ") / 60000000) AS STRING) AS val)))")
            .groupBy("model_id", "model_version", "dim", "val")
            .agg(
                functions.count(functions.lit(1)).as("rows"),
                expr("count_if(error)").as("errors"),
                functions.max("ts").as("newest"),
                expr("percentile_disc(0.5) WITHIN GROUP (ORDER BY IF(dim IS NULL, latency, NULL))")
                    .as("l50"),
                expr("percentile_disc(0.95) WITHIN GROUP (ORDER BY IF(dim IS NULL, latency, NULL))")
                    .as("l95"),
                expr("percentile_disc(0.99) WITHIN GROUP (ORDER BY IF(dim IS NULL, latency, NULL))")
                    .as("l99"),
                expr("percentile_disc(0.5) WITHIN GROUP (ORDER BY IF(dim IS NULL, lag, NULL))")
                    .as("g50"),
                expr("percentile_disc(0.95) WITHIN GROUP (ORDER BY IF(dim IS NULL, lag, NULL))")
                    .as("g95"),
                expr("count(IF(dim IS NULL, lag, NULL))").as("lagged"));
    Map<String, Long> rows = new HashMap<>();
    Map<String, Long> peak = new HashMap<>();
    Map<String, Long> newest = new HashMap<>();
    List<Row> collected = dims.collectAsList();
    for (Row r : collected) {
      if (r.getAs("dim") == null) {
        rows.put(r.getAs("model_id") + "/" + r.getAs("model_version"), r.getAs("rows"));
      }
    }
    for (Row r : collected) {
      String m = r.getAs("model_id");
      String v = r.getAs("model_version");
      String dim = r.getAs("dim");
      String val = r.getAs("val");
      long n = r.getAs("rows");
      long errors = r.getAs("errors");
      long all = rows.get(m + "/" + v);
      if (dim == null) {
        put(out, OPERATIONS, "row_count", m, v, null, null, (double) n);
        put(out, OPERATIONS, "latency_p50", m, v, null, null, r.getAs("l50"));
        put(out, OPERATIONS, "latency_p95", m, v, null, null, r.getAs("l95"));
        put(out, OPERATIONS, "latency_p99", m, v, null, null, r.getAs("l99"));
        put(out, OPERATIONS, "error_rate", m, v, null, null, ratio(errors, n));
        double lagged = r.<Long>getAs("lagged");
        put(out, PERFORMANCE, "label_lag_p50_hours", m, v, null, null, r.getAs("g50"));
        put(out, PERFORMANCE, "label_lag_p50_hours.n", m, v, null, null, lagged);
        put(out, PERFORMANCE, "label_lag_p95_hours", m, v, null, null, r.getAs("g95"));
        put(out, PERFORMANCE, "label_lag_p95_hours.n", m, v, null, null, lagged);
        newest.merge(m, r.<Long>getAs("newest"), Math::max);
      } else if (dim.equals("status")) {
        if (!val.equals("(missing)") && !BenchSpecs.OK_STATUS.contains(val)) {
          put(out, OPERATIONS, "error_rate", m, v, dim, val, ratio(n, all));
        }
      } else if (dim.equals("source")) {
        put(out, OPERATIONS, "row_count", m, v, dim, val, (double) n);
        put(out, OPERATIONS, "error_rate", m, v, dim, val, ratio(errors, n));
      } else {
        peak.merge(m + "/" + v, n, Math::max);
      }
    }
    peak.forEach(
        (mv, p) -> {
          String[] k = mv.split("/", 2);
          put(out, OPERATIONS, "throughput_peak_per_minute", k[0], k[1], null, null, (double) p);
          put(
              out,
              OPERATIONS,
              "capacity_utilization",
              k[0],
              k[1],
              null,
              null,
              p / BenchSpecs.CAPACITY_PER_MINUTE);
        });
    Map<String, Long> modelRows = new HashMap<>();
    rows.forEach((mv, n) -> modelRows.merge(mv.split("/", 2)[0], n, Long::sum));
    long endMicros = startMicros + 86_400_000_000L;
    modelRows.forEach(
        (m, n) -> {
          put(out, OPERATIONS, "row_count", m, null, null, null, (double) n);
          put(
              out,
              OPERATIONS,
              "freshness_hours",
              m,
              null,
              null,
              null,
              (endMicros - newest.get(m)) / 3.6e9);
        });
    return rows;
  }
}
