package io.steward.jobs.warehouse;

import io.steward.jobs.StewardContext;
import io.steward.registry.store.AbandonedRuns;
import io.steward.registry.store.JobRun;
import io.steward.registry.store.JobRunStore;
import io.steward.registry.warehouse.WarehouseLock;
import java.time.Instant;
import java.util.List;

/**
 * Marks ABANDONED the runs that processes which died left RUNNING in {@code steward.job_runs}, when
 * a writer takes the lock of a local warehouse over from a holder that died holding it (its note
 * was still in the lock file). Every writer of a local warehouse holds its lock, so once this
 * process holds it, every RUNNING run there is one whose process has died. Driver only: one read of
 * job_runs and one Delta commit, on the small-data session.
 *
 * <p>Nothing is read when the lock was released cleanly, so a writing command pays nothing in the
 * usual case; a run left RUNNING by a Steward older than this check, or whose marking failed, is
 * marked with the next death found. Warehouses on object stores and HDFS have no lock, hence no
 * such proof: their RUNNING rows are left as they are.
 */
public final class AbandonedRunsAction {
  private AbandonedRunsAction() {}

  /**
   * @param lock the lock this process has just taken
   * @return the runs marked, none when the lock's previous holder released it
   */
  public static List<AbandonedRuns.Marked> run(StewardContext ctx, WarehouseLock lock) {
    if (lock.previousHolder().isEmpty()) {
      return List.of();
    }
    StewardContext small = ctx.smallData();
    List<JobRun> running = JobRunStore.running(small.spark(), small.warehouse());
    List<AbandonedRuns.Marked> marked =
        AbandonedRuns.mark(running, lock.previousHolder(), Instant.now());
    JobRunStore.finish(
        small.spark(), small.warehouse(), marked.stream().map(AbandonedRuns.Marked::run).toList());
    return marked;
  }
}
