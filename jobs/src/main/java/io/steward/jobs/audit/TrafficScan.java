package io.steward.jobs.audit;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import io.steward.common.triggers.Traffic;
import io.steward.common.triggers.VersionKey;
import io.steward.registry.store.SourceTables;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * Reads one log table's traffic in the look-back window: one aggregate per table, the time range
 * pushed into the scan as a filter on the event-time column (Delta skips the files whose min/max
 * statistics lie outside it, and a table partitioned by that column reads only its partitions). The
 * executors count rows and find the last event per (model id, model version); only those groups, a
 * handful of rows, reach the driver.
 */
final class TrafficScan {
  private TrafficScan() {}

  /** A table's traffic, at the Delta version that was read. */
  record TableTraffic(LogTable log, long deltaVersion, long rows, List<Traffic> traffic) {}

  /** The days [first, last] of the window, inclusive, in UTC. */
  record Window(LocalDate first, LocalDate last) {
    Instant start() {
      return first.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    Instant end() {
      return last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    @Override
    public String toString() {
      return first + " to " + last;
    }
  }

  static TableTraffic scan(SparkSession spark, LogTable log, SourceTables.Read read, Window w) {
    Dataset<Row> rows = read.rows();
    DataType type = rows.schema().apply(log.timestamp()).dataType();
    Column ts = col(log.timestamp());
    Column inWindow =
        type.equals(DataTypes.DateType)
            ? ts.geq(lit(Date.valueOf(w.first()))).and(ts.leq(lit(Date.valueOf(w.last()))))
            : ts.geq(lit(Timestamp.from(w.start()))).and(ts.lt(lit(Timestamp.from(w.end()))));
    Column model =
        log.modelIdColumn() == null ? lit(log.model()) : col(log.modelIdColumn()).cast("string");
    Column version =
        log.versionColumn() == null
            ? lit(null).cast("string")
            : col(log.versionColumn()).cast("string");
    List<Row> groups =
        rows.where(inWindow)
            .groupBy(model.as("m"), version.as("v"))
            .agg(count(lit(1)).as("n"), max(ts.cast("timestamp")).as("last"))
            .where(col("m").isNotNull())
            .orderBy("m", "v")
            .collectAsList();
    List<Traffic> out = new ArrayList<>();
    long total = 0;
    for (Row g : groups) {
      long n = g.getLong(2);
      total += n;
      out.add(
          new Traffic(
              new VersionKey(g.getString(0), g.isNullAt(1) ? null : g.getString(1)),
              n,
              g.getTimestamp(3).toInstant(),
              List.of(log.table().sql())));
    }
    return new TableTraffic(log, read.version(), total, out);
  }
}
