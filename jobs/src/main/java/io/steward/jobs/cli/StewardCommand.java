package io.steward.jobs.cli;

import io.steward.common.domain.LockWait;
import io.steward.common.errors.Errors;
import io.steward.common.errors.TrailMovedException;
import io.steward.jobs.StewardContext;
import io.steward.jobs.warehouse.AbandonedRunsAction;
import io.steward.registry.store.AbandonedRuns;
import io.steward.registry.warehouse.Warehouse;
import io.steward.registry.warehouse.WarehouseLock;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every command shares: the global options, output streams, the lock and the context. */
abstract class StewardCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Spec CommandSpec spec;

  private LockWait lockWait = LockWait.NONE;

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** How many times a command decides again when the trail moved under it. */
  static final int TRAIL_ATTEMPTS = 5;

  /**
   * Runs {@code body} holding the warehouse write lock, once the runs that a dead holder of the
   * lock left RUNNING are marked ABANDONED. When another writer moved the lifecycle trail while the
   * body was deciding (another host, or a change it found unfinished and completed), nothing of the
   * body's change was recorded, and it runs again on the new state.
   */
  int writing(String purpose, Body body) {
    Warehouse w = warehouse();
    try (WarehouseLock lock = lock(w, purpose)) {
      StewardContext ctx = open(w);
      markAbandoned(ctx, lock);
      for (int attempt = 1; ; attempt++) {
        try {
          return body.run(attempt == 1 ? ctx : open(w));
        } catch (TrailMovedException moved) {
          if (!moved.retryable() || attempt >= TRAIL_ATTEMPTS) {
            throw moved;
          }
          err()
              .println(
                  "steward: "
                      + moved.getMessage().replaceFirst("; run it again.*", "")
                      + "; deciding again (attempt "
                      + (attempt + 1)
                      + " of "
                      + TRAIL_ATTEMPTS
                      + ")");
          err().flush();
        }
      }
    }
  }

  /** Runs {@code body} without the lock: readers never wait for a writer. */
  int reading(Body body) {
    return body.run(open(warehouse()));
  }

  /**
   * Runs {@code body} holding the write lock, from a reading command that found it must write
   * (steward sql's statements that read like a query).
   */
  int writing(StewardContext ctx, String purpose, Body body) {
    try (WarehouseLock lock = lock(ctx.warehouse(), purpose)) {
      markAbandoned(ctx, lock);
      return body.run(ctx);
    }
  }

  /** The context the command's body runs with, on the command's Spark session. */
  StewardContext open(Warehouse w) {
    return StewardContext.open(w, out(), err());
  }

  /** The warehouse, once every global option is resolved: a bad one fails any command. */
  private Warehouse warehouse() {
    Warehouse w = global.warehouse();
    lockWait = global.lockWait();
    return w;
  }

  private WarehouseLock lock(Warehouse w, String purpose) {
    return WarehouseLock.acquire(
        w,
        purpose,
        lockWait,
        holder -> {
          err().println("waiting up to " + lockWait + " for the warehouse lock held by " + holder);
          err().flush();
        });
  }

  /**
   * Marks ABANDONED the runs a dead holder of the lock left RUNNING, and says so in one line. The
   * command goes on whatever happens here: job_runs is only the record of runs, so a failure to
   * mark them is a warning, and the runs stay RUNNING.
   */
  private void markAbandoned(StewardContext ctx, WarehouseLock lock) {
    try {
      List<AbandonedRuns.Marked> marked = AbandonedRunsAction.run(ctx, lock);
      if (!marked.isEmpty()) {
        ctx.progress(AbandonedRuns.summary(marked));
      }
    } catch (RuntimeException e) {
      ctx.progress(
          "warning: could not mark the runs of a steward process that died holding the lock ("
              + lock.previousHolder().map(h -> h.describe()).orElse("holder unknown")
              + ") as ABANDONED: "
              + Errors.oneLine(String.valueOf(e))
              + "; they stay RUNNING in steward.job_runs");
    }
  }

  @FunctionalInterface
  interface Body {
    int run(StewardContext ctx);
  }
}
