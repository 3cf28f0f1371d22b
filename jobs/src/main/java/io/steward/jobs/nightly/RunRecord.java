package io.steward.jobs.nightly;

import io.steward.common.domain.StewardVersion;
import io.steward.common.domain.TimeWindow;
import io.steward.jobs.StewardContext;
import io.steward.registry.store.EventLog;
import io.steward.registry.store.JobRun;
import io.steward.registry.store.JobRunStore;
import io.steward.registry.warehouse.ConcurrentJobs;
import io.steward.registry.warehouse.Identity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A nightly run's row in {@code steward.job_runs}: committed as RUNNING before the run computes
 * anything, replaced by its final state when it ends. Driver only.
 *
 * @param run the run as recorded when it started
 * @param labelVersions the labels tables' versions the last successful run read, by table, read
 *     while the RUNNING row was committed
 */
record RunRecord(JobRun run, Map<String, Long> labelVersions) {

  /**
   * Records a run of {@code models} over {@code window} as RUNNING, and reads the earlier runs'
   * label versions at the same time.
   *
   * @param small the context on the small-data session, where job_runs is read and written
   */
  static RunRecord start(
      StewardContext ctx, StewardContext small, TimeWindow window, List<String> models) {
    JobRun run =
        JobRun.builder(UUID.randomUUID().toString(), "nightly", Instant.now())
            .models(models)
            .window(window.granularity(), window.start(), window.end())
            .message("computing drift, performance, fairness and operations for " + window)
            .ranBy(ctx.user(), Identity.host(), StewardVersion.get())
            .trailHead(EventLog.Head.of(EventLog.all(small.spark(), small.warehouse())).text())
            .build();
    Map<String, Long> previous =
        ConcurrentJobs.<Map<String, Long>>all(
                ctx.spark(),
                "starting the run",
                List.of(
                    () -> {
                      JobRunStore.start(small.spark(), small.warehouse(), run);
                      return null;
                    },
                    () -> JobRunStore.lastLabelVersions(small.spark(), small.warehouse())))
            .get(1);
    return new RunRecord(run, previous);
  }

  /** Replaces the run's row with its SUCCEEDED state. */
  void succeeded(StewardContext small, NightlyAction.Result result) {
    JobRunStore.finish(
        small.spark(),
        small.warehouse(),
        run.succeeded(
            result.inputs(),
            result.rowsRead(),
            result.message(),
            result.rejected(),
            Instant.now()));
  }

  /** Replaces the run's row with its FAILED state. */
  void failed(StewardContext small, RuntimeException e) {
    JobRunStore.finish(
        small.spark(), small.warehouse(), run.failed("failed", String.valueOf(e), Instant.now()));
  }
}
