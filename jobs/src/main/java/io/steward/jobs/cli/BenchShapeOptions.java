package io.steward.jobs.cli;

import io.steward.common.errors.Errors;
import io.steward.jobs.bench.BenchShape;
import io.steward.jobs.bench.CliName;
import io.steward.jobs.bench.HistoryNight;
import io.steward.jobs.bench.LogLayout;
import picocli.CommandLine.Option;

/**
 * The generated portfolio's shape: the same options, defaults and checks for {@code steward bench}
 * and for the children it starts ({@code bench run-one}, which the parent always passes all four).
 */
final class BenchShapeOptions {
  @Option(names = "--rows", description = "Predictions in the measured night (default 10000000).")
  long rows = 10_000_000L;

  @Option(names = "--models", description = "Models, five per log table (default 20).")
  int models = 20;

  @Option(names = "--numeric", description = "Numeric features per model (default 30).")
  int numeric = 30;

  @Option(names = "--categorical", description = "Categorical features per model (default 5).")
  int categorical = 5;

  @Option(
      names = "--history-nights",
      paramLabel = "N",
      description =
          "Log tables holding N nights (as many rows each) appended as a logger appends, four"
              + " commits a night, ending on a Sunday that is measured: its week window is"
              + " computed, and labels for the previous 7 nights arrive before every run of it, so"
              + " that it recomputes them (default 0: the measured Monday alone).")
  int historyNights;

  @Option(
      names = "--layout",
      paramLabel = "L",
      description =
          "With --history-nights, how the log tables are laid out: arrival (unpartitioned, in"
              + " arrival order; the default), date (partitioned by a date generated from the"
              + " timestamp) or clustered (liquid-clustered by the timestamp, then OPTIMIZE).")
  String layout = LogLayout.ARRIVAL.cliName();

  @Option(
      names = "--history-night",
      paramLabel = "N",
      description =
          "With --history-nights, the night measured: sunday (the last night, with its week"
              + " window and late labels; the default) or saturday (the night before it, no late"
              + " labels: a night's work alone, so that its time over the night alone's is the"
              + " cost of the history).")
  String historyNight = HistoryNight.SUNDAY.cliName();

  /** The shape asked for, checked by {@link #check}. */
  BenchShape shape() {
    return new BenchShape(
        rows,
        models,
        numeric,
        categorical,
        historyNights,
        layout(),
        CliName.parse(HistoryNight.class, "--history-night", historyNight));
  }

  /** The layout asked for, checked by {@link #check}. */
  LogLayout layout() {
    return CliName.parse(LogLayout.class, "--layout", layout);
  }

  /** Refuses a shape the generator cannot make, naming the option and its range. */
  void check() {
    if (rows < 1000 || rows > 1_000_000_000L) {
      throw Errors.badArgument("--rows", rows, "between 1000 and 1000000000");
    }
    if (models < 1 || models > 100) {
      throw Errors.badArgument("--models", models, "between 1 and 100");
    }
    if (numeric < 2 || numeric > 200) {
      throw Errors.badArgument("--numeric", numeric, "between 2 and 200 (the score uses f0, f1)");
    }
    if (categorical < 0 || categorical > 50) {
      throw Errors.badArgument("--categorical", categorical, "between 0 and 50");
    }
    if (historyNights != 0 && (historyNights < 8 || historyNights > 400)) {
      throw Errors.badArgument(
          "--history-nights",
          historyNights,
          "0, or between 8 and 400 (a week window and a night of late labels before it)");
    }
    if (layout() != LogLayout.ARRIVAL && historyNights == 0) {
      throw Errors.badArgument("--layout", layout, "arrival without --history-nights");
    }
    if (shape().historyNight() != HistoryNight.SUNDAY && historyNights == 0) {
      throw Errors.badArgument("--history-night", historyNight, "sunday without --history-nights");
    }
  }
}
