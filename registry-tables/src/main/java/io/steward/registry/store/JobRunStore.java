package io.steward.registry.store;

import io.steward.common.domain.Granularity;
import io.steward.registry.tables.StewardTables;
import io.steward.registry.warehouse.SmallTables;
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
 * replaced when it ends, so a run that was killed stays visible as RUNNING until the next writer
 * finds its process dead and replaces it as ABANDONED. Both are single Delta commits; the
 * replacement rewrites only the file holding the run's own row, which is cheaper than a MERGE on
 * every run.
 */
public final class JobRunStore {
  private JobRunStore() {}

  /** Records a run that has started. */
  public static void start(SparkSession spark, Warehouse warehouse, JobRun run) {
    TableWriter.append(warehouse, StewardTables.JOB_RUNS, rows(spark, run));
  }

  /** Replaces the run's row with its final state. */
  public static void finish(SparkSession spark, Warehouse warehouse, JobRun run) {
    finish(spark, warehouse, List.of(run));
  }

  /**
   * Replaces the runs' rows with their final states, in one commit. Another host's run starting or
   * ending meanwhile (a concurrent append to the table) makes Delta refuse the commit; it is tried
   * again, since these rows are this run's alone.
   */
  public static void finish(SparkSession spark, Warehouse warehouse, List<JobRun> runs) {
    if (runs.isEmpty()) {
      return;
    }
    List<String> ids = runs.stream().map(r -> TableWriter.literal(r.runId())).toList();
    TableWriter.replaceRetrying(
        warehouse,
        StewardTables.JOB_RUNS,
        rows(spark, runs),
        "run_id IN (" + String.join(", ", ids) + ")");
  }

  /**
   * The runs recorded as RUNNING (one read of {@code job_runs}, on the driver); none when the
   * warehouse has no job_runs table yet.
   */
  public static List<JobRun> running(SparkSession spark, Warehouse warehouse) {
    List<Row> rows = SmallTables.rowsIfExists(spark, warehouse, StewardTables.JOB_RUNS);
    if (rows == null) {
      return List.of();
    }
    return rows.stream()
        .filter(r -> JobRun.Status.RUNNING.name().equals(r.getAs("status")))
        .map(JobRunStore::run)
        .toList();
  }

  /**
   * The version of each labels table that the last successful nightly run to read it read, by table
   * name (one read of {@code job_runs}); a table no successful run read is absent.
   */
  public static Map<String, Long> lastLabelVersions(SparkSession spark, Warehouse warehouse) {
    Map<String, Row> latest = new HashMap<>();
    Map<String, Timestamp> latestAt = new HashMap<>();
    for (Row r : succeededNightlies(spark, warehouse)) {
      Timestamp finished = r.getAs("finished_at");
      for (Row i : r.<Row>getList(r.fieldIndex("inputs"))) {
        String table = i.getAs("table");
        Timestamp seen = latestAt.get(table);
        if ("labels".equals(i.getAs("role"))
            && finished != null
            && (seen == null || finished.after(seen))) {
          latest.put(table, i);
          latestAt.put(table, finished);
        }
      }
    }
    Map<String, Long> versions = new HashMap<>();
    latest.forEach(
        (table, input) -> {
          if (!input.isNullAt(input.fieldIndex("delta_version"))) {
            versions.put(table, input.getAs("delta_version"));
          }
        });
    return versions;
  }

  /**
   * The last night a successful nightly run computed, by model it ran for (one read of {@code
   * job_runs}): the day before the latest window end, which is exclusive.
   */
  public static Map<String, LocalDate> lastMonitoredNights(
      SparkSession spark, Warehouse warehouse) {
    Map<String, Timestamp> ends = new HashMap<>();
    for (Row r : succeededNightlies(spark, warehouse)) {
      Timestamp end = r.getAs("window_end");
      if (end != null) {
        for (String model : r.<String>getList(r.fieldIndex("models"))) {
          ends.merge(model, end, (a, b) -> a.after(b) ? a : b);
        }
      }
    }
    Map<String, LocalDate> nights = new HashMap<>();
    ends.forEach(
        (model, end) ->
            nights.put(model, end.toInstant().minusNanos(1).atZone(ZoneOffset.UTC).toLocalDate()));
    return nights;
  }

  /** The rows of the nightly runs that succeeded (job_runs is read whole, on the driver). */
  private static List<Row> succeededNightlies(SparkSession spark, Warehouse warehouse) {
    return SmallTables.rows(spark, warehouse, StewardTables.JOB_RUNS).stream()
        .filter(r -> "nightly".equals(r.getAs("command")) && "SUCCEEDED".equals(r.getAs("status")))
        .toList();
  }

  private static JobRun run(Row r) {
    List<JobRun.Input> inputs = new ArrayList<>();
    for (Row i : r.<Row>getList(r.fieldIndex("inputs"))) {
      inputs.add(
          new JobRun.Input(
              i.getAs("table"),
              i.getAs("delta_version"),
              i.getAs("rows_read"),
              i.getAs("scans"),
              i.getAs("role")));
    }
    List<JobRun.Rejected> rejected = new ArrayList<>();
    if (!r.isNullAt(r.fieldIndex("rejected"))) {
      for (Row x : r.<Row>getList(r.fieldIndex("rejected"))) {
        rejected.add(
            new JobRun.Rejected(x.getAs("model_id"), x.getAs("reason"), x.<Long>getAs("rows")));
      }
    }
    String granularity = r.getAs("granularity");
    return new JobRun(
        r.getAs("run_id"),
        r.getAs("command"),
        r.getList(r.fieldIndex("models")),
        granularity == null ? null : Granularity.valueOf(granularity),
        instant(r.getAs("window_start")),
        instant(r.getAs("window_end")),
        inputs,
        r.getAs("rows_read"),
        JobRun.Status.valueOf(r.getAs("status")),
        r.getAs("message"),
        r.getAs("error"),
        instant(r.getAs("started_at")),
        instant(r.getAs("finished_at")),
        r.getAs("run_by"),
        r.getAs("host"),
        r.getAs("steward_version"),
        rejected,
        r.getAs("trail_head"));
  }

  private static Dataset<Row> rows(SparkSession spark, List<JobRun> runs) {
    return spark.createDataFrame(
        runs.stream().map(JobRunStore::row).toList(), StewardTables.JOB_RUNS.schema());
  }

  private static Dataset<Row> rows(SparkSession spark, JobRun run) {
    return rows(spark, List.of(run));
  }

  private static Row row(JobRun run) {
    List<Row> inputs = new ArrayList<>();
    for (JobRun.Input i : run.inputs()) {
      inputs.add(RowFactory.create(i.table(), i.deltaVersion(), i.rowsRead(), i.scans(), i.role()));
    }
    List<Row> rejected = new ArrayList<>();
    for (JobRun.Rejected r : run.rejected()) {
      rejected.add(RowFactory.create(r.modelId(), r.reason(), r.rows()));
    }
    return RowFactory.create(
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
        rejected,
        run.trailHead());
  }

  private static Timestamp ts(Instant i) {
    return i == null ? null : Timestamp.from(i);
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
