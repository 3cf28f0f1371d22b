package io.steward.jobs.bench;

import com.sun.management.OperatingSystemMXBean;
import io.steward.jobs.StewardContext;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * What a child JVM of the bench does ({@code steward bench run-one}): runs one program twice, the
 * first run the cold figure (a fresh JVM: classes loaded, code compiled, Delta snapshots read for
 * the first time) and the second the warm one, each timed in wall and process CPU time (the CPU of
 * every thread of the JVM: tasks, compiler, collector); reports the peaks of direct buffers and of
 * the process's resident set. With {@code heapWatch}, runs the program once with the live heap
 * sampled ({@link HeapWatch}), which slows it: that child's times are not figures. The Spark
 * session is started before the first run and is in no figure (the same for every program).
 *
 * <p>Driver: the timing and sampling. Executors (this JVM, in local mode): the program's work.
 */
public final class RunOne {
  private RunOne() {}

  /**
   * @param dir the bench's folder (the data is under its {@code data} folder)
   * @param figures where the program's figures of its last run are written (null: not written)
   */
  public record Params(
      Program program, Path dir, BenchShape shape, boolean heapWatch, Path figures) {
    public Params {
      if (program == null || dir == null || shape == null) {
        throw new IllegalArgumentException("a child run needs its program and folder");
      }
    }

    BenchData data() {
      return shape.data(dir);
    }
  }

  /** Runs the program and prints its {@link ChildResult} line on stdout. */
  public static void run(StewardContext ctx, Params p) {
    ChildResult r = measure(ctx, p);
    ctx.out().println(r.line());
    ctx.out().flush();
  }

  static ChildResult measure(StewardContext ctx, Params p) {
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    String name = p.program().cliName();
    ProcessMemory memory = ProcessMemory.watch();
    try {
      if (p.heapWatch()) {
        p.program().prepare(ctx, p.data());
        long t0 = System.nanoTime();
        HeapWatch heap = HeapWatch.start();
        try (heap) {
          p.program().run(ctx, p.data());
        }
        double took = (System.nanoTime() - t0) / 1e9;
        ctx.progress(
            String.format(
                Locale.ROOT,
                "bench: %s (heap sampled, untimed) %.2f s, peak live heap %d MB (%s); %s",
                name,
                took,
                heap.peakMb(),
                heap.peakWhere(),
                heap.samples()));
        memory.stop();
        return new ChildResult(
            p.program(),
            Double.NaN,
            Double.NaN,
            Double.NaN,
            Double.NaN,
            memory.directPeakMb(),
            ProcessMemory.rssPeakMb(),
            heap.peakMb());
      }
      double[] wall = new double[2];
      double[] cpu = new double[2];
      Map<String, Double> figures = Map.of();
      for (int run = 0; run < 2; run++) {
        p.program().prepare(ctx, p.data());
        long c0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        figures = p.program().run(ctx, p.data());
        wall[run] = (System.nanoTime() - t0) / 1e9;
        cpu[run] = (os.getProcessCpuTime() - c0) / 1e9;
        ctx.progress(
            String.format(
                Locale.ROOT,
                "bench: %s %s %.2f s (cpu %.2f s)",
                name,
                run == 0 ? "cold" : "warm",
                wall[run],
                cpu[run]));
      }
      if (p.figures() != null) {
        FiguresFile.write(p.figures(), figures);
      }
      memory.stop();
      return new ChildResult(
          p.program(),
          wall[0],
          cpu[0],
          wall[1],
          cpu[1],
          memory.directPeakMb(),
          ProcessMemory.rssPeakMb(),
          -1);
    } finally {
      memory.stop();
    }
  }
}
