package io.steward.registry.store;

import io.delta.tables.DeltaTable;
import io.steward.registry.tables.StewardTables;
import io.steward.registry.warehouse.Warehouse;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Records runs in {@code steward.job_runs}: a row is written when a run starts (RUNNING) and
 * updated in place when it ends, so a run that was killed stays visible as RUNNING.
 */
public final class JobRunStore {
  private JobRunStore() {}

  /** Inserts the run, or updates it when its run_id is already there. One commit. */
  public static void upsert(SparkSession spark, Warehouse warehouse, JobRun run) {
    List<Row> inputs = new ArrayList<>();
    for (JobRun.Input i : run.inputs()) {
      inputs.add(RowFactory.create(i.table(), i.deltaVersion(), i.rowsRead()));
    }
    Row row =
        RowFactory.create(
            run.runId(),
            run.command(),
            run.models(),
            run.granularity(),
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
            run.stewardVersion());
    DeltaTable.forPath(spark, warehouse.location(StewardTables.JOB_RUNS))
        .as("t")
        .merge(
            spark.createDataFrame(List.of(row), StewardTables.JOB_RUNS.schema()).as("s"),
            "t.run_id = s.run_id")
        .whenMatched()
        .updateAll()
        .whenNotMatched()
        .insertAll()
        .execute();
  }

  private static Timestamp ts(Instant i) {
    return i == null ? null : Timestamp.from(i);
  }
}
