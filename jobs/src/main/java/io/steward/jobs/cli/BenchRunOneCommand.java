package io.steward.jobs.cli;

import io.steward.jobs.bench.CliName;
import io.steward.jobs.bench.Program;
import io.steward.jobs.bench.RunOne;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code steward bench run-one}: what each child JVM of {@code steward bench} runs, internal to the
 * bench (not for users). It takes no lock: the parent holds the warehouse's for the whole bench.
 */
@Command(
    name = "run-one",
    mixinStandardHelpOptions = true,
    description = {
      "Internal to steward bench, which starts one fresh JVM per program and round with this"
          + " command: run one program on the bench's generated data twice (cold, then warm),"
          + " progress on stderr, then print one line on stdout:",
      "bench-result program=P cold_wall_s=S cold_cpu_s=S warm_wall_s=S warm_cpu_s=S direct_mb=N"
          + " rss_mb=N heap_mb=N (- for a figure not measured)."
    })
final class BenchRunOneCommand extends StewardCommand {
  @Option(names = "--program", required = true, description = "The program to run.")
  String program;

  @Option(names = "--dir", required = true, description = "The bench's folder.")
  Path dir;

  @Mixin BenchShapeOptions shape;

  @Option(
      names = "--heap-watch",
      description = "Run once with the live heap sampled (untimed), and report its peak.")
  boolean heapWatch;

  @Option(names = "--figures", description = "File the program's figures are written to.")
  Path figures;

  @Override
  public Integer call() {
    Program p = CliName.parse(Program.class, "--program", program);
    shape.check();
    return reading(
        ctx -> {
          RunOne.run(ctx, new RunOne.Params(p, dir, shape.shape(), heapWatch, figures));
          return StewardCli.OK;
        });
  }
}
