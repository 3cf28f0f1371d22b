package io.steward.jobs.cli;

import io.steward.common.errors.TrailMovedException;
import io.steward.jobs.StewardContext;
import io.steward.registry.warehouse.Warehouse;
import io.steward.registry.warehouse.WarehouseLock;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every command shares: the global options, output streams, the lock and the context. */
abstract class StewardCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Spec CommandSpec spec;

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** How many times a command decides again when the trail moved under it. */
  static final int TRAIL_ATTEMPTS = 5;

  /**
   * Runs {@code body} holding the warehouse write lock. When another writer moved the lifecycle
   * trail while the body was deciding (another host, or a change it found unfinished and
   * completed), nothing of the body's change was recorded, and it runs again on the new state.
   */
  int writing(String purpose, Body body) {
    Warehouse w = global.warehouse();
    return WarehouseLock.holding(
        w,
        purpose,
        () -> {
          for (int attempt = 1; ; attempt++) {
            try {
              return body.run(open(w));
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
        });
  }

  /** Runs {@code body} without the lock: readers never wait for a writer. */
  int reading(Body body) {
    return body.run(open(global.warehouse()));
  }

  /** The context the command's body runs with, on the command's Spark session. */
  StewardContext open(Warehouse w) {
    return StewardContext.open(w, out(), err());
  }

  @FunctionalInterface
  interface Body {
    int run(StewardContext ctx);
  }
}
