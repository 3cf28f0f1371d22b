package io.steward.jobs.cli;

import io.steward.common.errors.Errors;
import io.steward.jobs.bench.BenchAction;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Benchmark the nightly run: generate a portfolio's night of predictions (kept in --dir and"
          + " reused), then time a bare scan of the columns the run needs (floor), the nightly run"
          + " (steward) and a straightforward Spark program computing the same figures (naive),"
          + " check that steward and naive agree, and append the figures to --results.",
      "The last line printed: steward/floor=R naive/steward=R heap_mb=N rows=N."
    })
final class BenchCommand extends StewardCommand {
  @Option(names = "--rows", description = "Predictions in the measured night (default 10000000).")
  long rows = 10_000_000L;

  @Option(names = "--models", description = "Models, five per log table (default 20).")
  int models = 20;

  @Option(names = "--numeric", description = "Numeric features per model (default 30).")
  int numeric = 30;

  @Option(names = "--categorical", description = "Categorical features per model (default 5).")
  int categorical = 5;

  @Option(names = "--dir", required = true, description = "Where the benchmark data is kept.")
  Path dir;

  @Option(names = "--results", description = "CSV file the run appends its figures to.")
  Path results;

  @Option(names = "--commit", description = "The commit measured, for the results file.")
  String commit = "unknown";

  @Option(names = "--no-naive", description = "Skip the naive program (and the agreement check).")
  boolean noNaive;

  @Option(
      names = "--rounds",
      description =
          "Timed rounds of the floor and of steward, the faster of each counting (default 2);"
              + " 0 builds the warehouse and runs the night once, timing nothing more.")
  int rounds = BenchAction.ROUNDS;

  @Option(names = "--regenerate", description = "Generate the data again even if it exists.")
  boolean regenerate;

  @Override
  public Integer call() {
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
    if (rounds < 0 || rounds > 20) {
      throw Errors.badArgument("--rounds", rounds, "between 0 and 20");
    }
    if (rounds == 0 && results != null) {
      throw Errors.badArgument("--rounds", rounds, "1 or more when --results is given");
    }
    return writing(
        "steward bench",
        ctx -> {
          BenchAction.Result r =
              BenchAction.run(
                  ctx,
                  new BenchAction.Params(
                      dir.toAbsolutePath(),
                      rows,
                      models,
                      numeric,
                      categorical,
                      !noNaive,
                      regenerate,
                      results,
                      commit,
                      rounds));
          return !noNaive && !r.agree() ? StewardCli.FAILED : StewardCli.OK;
        });
  }
}
