package io.steward.jobs.cli;

import io.steward.common.errors.Errors;
import io.steward.jobs.bench.BenchAction;
import io.steward.jobs.bench.CliName;
import io.steward.jobs.bench.FixedCost;
import io.steward.jobs.bench.Program;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    subcommands = BenchRunOneCommand.class,
    description = {
      "Benchmark the nightly run: generate a portfolio's night of predictions (kept in --dir and"
          + " reused), then run each program in fresh JVMs at the production heap, --rounds"
          + " rounds in rotated order, each child running its program twice (cold, then warm):"
          + " floor (one scan of the night, every column the run needs), floor-labels (the same"
          + " with each row's label looked up), steward (the nightly run) and, when asked,"
          + " naive-loop (a loop-heavy Spark program; its figures are checked against steward's)."
          + " Prints medians, min and max of wall and CPU time, ratios of medians and memory"
          + " peaks, and appends them to --results.",
      "The last line printed: steward/floor cold=R warm=R sql/steward=R heap_mb=N rows=N ('-'"
          + " for a figure not measured)."
    })
final class BenchCommand extends StewardCommand {
  @Mixin BenchShapeOptions shape;

  @Option(names = "--dir", description = "Where the benchmark data is kept (required).")
  Path dir;

  @Option(names = "--results", description = "CSV file the run appends its figures to.")
  Path results;

  @Option(names = "--commit", description = "The commit measured, for the results file.")
  String commit = "unknown";

  @Option(
      names = "--programs",
      split = ",",
      paramLabel = "P",
      description =
          "Programs to time, comma-separated (default: every one but naive-loop): floor,"
              + " floor-labels, steward, naive-loop.")
  List<String> programs;

  @Option(names = "--naive-loop", description = "Time naive-loop too (about 10 min at 10M).")
  boolean naiveLoop;

  @Option(
      names = "--heap",
      paramLabel = "SIZE",
      description =
          "Heap of the programs' JVMs, as -Xmx takes it (default 4g, scripts/steward's"
              + " production heap).")
  String heap = "4g";

  @Option(
      names = "--find-min-heap",
      description =
          "Also find the smallest heap (in 256 MB steps, by bisection below --heap) at which a"
              + " steward night in a fresh JVM runs within 10%% of its cold median at --heap.")
  boolean findMinHeap;

  @Option(
      names = "--rounds",
      description =
          "Rounds of every program, each program in a fresh JVM per round (default 5);"
              + " 0 builds the warehouse and runs the night once in this JVM, timing nothing and"
              + " sampling no heap (heap_mb=-).")
  int rounds = BenchAction.ROUNDS;

  @Option(names = "--regenerate", description = "Generate the data again even if it exists.")
  boolean regenerate;

  @Option(
      names = "--fixed-cost",
      description =
          "Measure instead the fixed cost of commands on the existing --warehouse (the demo's):"
              + " model list, model show, principal list and model verify-trail against sql"
              + " \"SELECT 1\", and nightly of its latest night against a SELECT count(*) of that"
              + " night's rows; whole child processes, --rounds rounds (default 5), wall medians."
              + " --results then names the CSV the figures are appended to (bench/fixed-cost.csv"
              + " from scripts/bench); --dir is not needed.")
  boolean fixedCost;

  @Override
  public Integer call() {
    if (fixedCost) {
      return fixedCost();
    }
    if (dir == null) {
      throw Errors.missingOption("--dir", "the folder where the benchmark data is kept");
    }
    shape.check();
    if (rounds < 0 || rounds > 20) {
      throw Errors.badArgument("--rounds", rounds, "between 0 and 20");
    }
    if (rounds == 0 && results != null) {
      throw Errors.badArgument("--rounds", rounds, "1 or more when --results is given");
    }
    Long heapMb = BenchAction.heapMb(heap);
    if (heapMb == null || heapMb < 256) {
      throw Errors.badArgument("--heap", heap, "a heap size of 256m or more, such as 4g or 1536m");
    }
    List<Program> chosen = chosen();
    if (findMinHeap && !chosen.contains(Program.STEWARD)) {
      throw Errors.badArgument(
          "--programs", String.join(",", programs), "a list with steward for --find-min-heap");
    }
    return writing(
        "steward bench",
        ctx -> {
          BenchAction.Result r =
              BenchAction.run(
                  ctx,
                  new BenchAction.Params(
                      dir.toAbsolutePath(),
                      shape.shape(),
                      chosen,
                      heapMb,
                      findMinHeap,
                      regenerate,
                      results,
                      commit,
                      rounds));
          return r.agree() ? StewardCli.OK : StewardCli.FAILED;
        });
  }

  /**
   * The fixed-cost measurement: read-only here (the children take the warehouse lock in turn), so
   * it runs without holding it.
   */
  private int fixedCost() {
    if (rounds < 1 || rounds > 20) {
      throw Errors.badArgument("--rounds", rounds, "between 1 and 20 with --fixed-cost");
    }
    Long heapMb = BenchAction.heapMb(heap);
    if (heapMb == null || heapMb < 256) {
      throw Errors.badArgument("--heap", heap, "a heap size of 256m or more, such as 4g or 1536m");
    }
    return reading(
        ctx -> {
          Path logs = Path.of(System.getProperty("java.io.tmpdir"), "steward-fixed-cost");
          FixedCost.run(FixedCost.cases(ctx), rounds, heapMb, logs, results, commit, out(), err());
          return StewardCli.OK;
        });
  }

  /** The programs asked for, checked: known names, no repeats, steward beside a rival. */
  private List<Program> chosen() {
    List<Program> chosen = new ArrayList<>();
    if (programs == null) {
      chosen.addAll(Program.defaults());
    } else {
      for (String name : programs) {
        Program p = CliName.parse(Program.class, "--programs", name.strip(), "a list of");
        if (chosen.contains(p)) {
          throw Errors.badArgument("--programs", name, "named once");
        }
        chosen.add(p);
      }
    }
    if (naiveLoop && !chosen.contains(Program.NAIVE_LOOP)) {
      chosen.add(Program.NAIVE_LOOP);
    }
    for (Program p : chosen) {
      if (p.computesFigures() && !chosen.contains(Program.STEWARD)) {
        throw Errors.badArgument(
            "--programs",
            String.join(",", programs),
            "a list with steward when it has " + p.cliName() + " (their figures are compared)");
      }
    }
    return chosen;
  }
}
