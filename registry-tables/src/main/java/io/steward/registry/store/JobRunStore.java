package io.steward.registry.store;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;

import io.steward.registry.tables.StewardTables;
import io.steward.registry.warehouse.Warehouse;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Records runs in {@code steward.job_runs}: a row is appended when a run starts (RUNNING) and
 * replaced when it ends, so a run that was killed stays visible as RUNNING. Both are single Delta
 * commits; the replacement rewrites only the file holding the run's own row, which is cheaper than
 * a MERGE on every run.
 */
public final class JobRunStore {
  private JobRunStore() {}

  /** Records a run that has started. */
  public static void start(SparkSession spark, Warehouse warehouse, JobRun run) {
    TableWriter.append(warehouse, StewardTables.JOB_RUNS, rows(spark, run));
  }

  /** Replaces the run's row with its final state. */
  public static void finish(SparkSession spark, Warehouse warehouse, JobRun run) {
    TableWriter.replace(
        warehouse,
        StewardTables.JOB_RUNS,
        rows(spark, run),
        "run_id = " + TableWriter.literal(run.runId()));
  }

  /**
   * The version of each labels table that the last successful nightly run to read it read, by table
   * name (one read of {@code job_runs}); a table no successful run read is absent.
   */
  public static Map<String, Long> lastLabelVersions(SparkSession spark, Warehouse warehouse) {
    Map<String, Long> versions = new HashMap<>();
    for (Row r :
        TableWriter.read(spark, warehouse, StewardTables.JOB_RUNS)
            .where(col("command").equalTo("nightly").and(col("status").equalTo("SUCCEEDED")))
            .selectExpr("finished_at", "explode(inputs) AS i")
            .where(col("i.role").equalTo("labels"))
            .groupBy(col("i.table"))
            .agg(max_by(col("i.delta_version"), col("finished_at")))
            .collectAsList()) {
      if (!r.isNullAt(1)) {
        versions.put(r.getString(0), r.getLong(1));
      }
    }
    return versions;
  }

  /**
   * The last night a successful nightly run computed, by model it ran for (one read of {@code
   * job_runs}): the day before the latest window end, which is exclusive.
   */
  public static Map<String, LocalDate> lastMonitoredNights(
      SparkSession spark, Warehouse warehouse) {
    Map<String, LocalDate> nights = new HashMap<>();
    for (Row r :
        TableWriter.read(spark, warehouse, StewardTables.JOB_RUNS)
            .where(
                col("command")
                    .equalTo("nightly")
                    .and(col("status").equalTo("SUCCEEDED"))
                    .and(col("window_end").isNotNull()))
            .select(explode(col("models")).as("model"), col("window_end"))
            .groupBy("model")
            .agg(max(col("window_end")))
            .collectAsList()) {
      Timestamp end = r.getTimestamp(1);
      nights.put(
          r.getString(0), end.toInstant().minusNanos(1).atZone(ZoneOffset.UTC).toLocalDate());
    }
    return nights;
  }

  private static Dataset<Row> rows(SparkSession spark, JobRun run) {
    List<Row> inputs = new ArrayList<>();
    for (JobRun.Input i : run.inputs()) {
      inputs.add(RowFactory.create(i.table(), i.deltaVersion(), i.rowsRead(), i.scans(), i.role()));
    }
    List<Row> rejected = new ArrayList<>();
    for (JobRun.Rejected r : run.rejected()) {
      rejected.add(RowFactory.create(r.modelId(), r.reason(), r.rows()));
    }
    Row row =
        RowFactory.create(
            run.runId(),
            run.command(),
            run.models(),
            run.granularity() == null ? null : run.granularity().name(),
            ts(run.windowStart()),
            ts(run.windowEnd()),
            inputs,
            run.rowsRead(),
            run.status().name(),
            run.message(),
            run.error(),
            ts(run.startedAt()),
            ts(run.finishedAt()),
            run.durationMs(),
            run.runBy(),
            run.host(),
            run.stewardVersion(),
            rejected);
    return spark.createDataFrame(List.of(row), StewardTables.JOB_RUNS.schema());
  }

  private static Timestamp ts(Instant i) {
    return i == null ? null : Timestamp.from(i);
  }
}
