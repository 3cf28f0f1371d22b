package io.steward.jobs.cli;

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

  /** Runs {@code body} holding the warehouse write lock. */
  int writing(String purpose, Body body) {
    Warehouse w = global.warehouse();
    return WarehouseLock.holding(w, purpose, () -> body.run(open(w)));
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
