package io.steward.jobs.bench;

import io.steward.jobs.StewardContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongPredicate;

/**
 * The bench's protocol: every program in fresh child JVMs at the production heap ({@link
 * ChildJvm}), one child per program and round, {@code rounds} rounds interleaved in rotated order
 * ({@link Rotation}); one untimed child of Steward with its live heap sampled; and, when asked, the
 * search for the smallest heap at which a Steward night keeps its time ({@link #minHeap}). Driver
 * only: this JVM starts the children and waits for them; they do the work.
 */
final class Protocol {
  private Protocol() {}

  /** How much slower than its median at the default heap a night may be at the smallest heap. */
  static final double MIN_HEAP_SLOWDOWN = 1.10;

  /** The steps of the smallest heap's search. */
  static final long MIN_HEAP_STEP_MB = 256;

  /** A child's time limit: a stuck child (a heap too small, thrashing) is stopped. */
  static final Duration LIMIT = Duration.ofHours(2);

  /** Where the children run and what they run on. */
  record Setup(StewardContext ctx, BenchData data, Path dir, long heapMb) {}

  /** Runs the rounds; returns each program's child results, in round order. */
  static Map<Program, List<ChildResult>> rounds(Setup s, List<Program> programs, int rounds) {
    Map<Program, List<ChildResult>> out = new EnumMap<>(Program.class);
    for (int r = 0; r < rounds; r++) {
      for (Program p : Rotation.of(programs, r)) {
        String tag = "round-" + (r + 1) + "-" + p.cliName();
        ChildResult c = child(s, p, s.heapMb(), tag, false, p.figures);
        out.computeIfAbsent(p, k -> new ArrayList<>()).add(c);
        s.ctx()
            .progress(
                String.format(
                    Locale.ROOT,
                    "round %d/%d: %s cold %.1f s (cpu %.1f s), warm %.1f s (cpu %.1f s),"
                        + " direct %d MB, rss %d MB",
                    r + 1,
                    rounds,
                    p.cliName(),
                    c.coldWall(),
                    c.coldCpu(),
                    c.warmWall(),
                    c.warmCpu(),
                    c.directMb(),
                    c.rssMb()));
      }
    }
    return out;
  }

  /** Steward's peak live heap, from an untimed child that samples it. */
  static ChildResult heap(Setup s) {
    ChildResult c = child(s, Program.STEWARD, s.heapMb(), "heap-steward", true, false);
    s.ctx()
        .progress(
            String.format(
                Locale.ROOT,
                "heap: steward (untimed, heap sampled) peak live heap %d MB, direct %d MB,"
                    + " rss %d MB",
                c.heapMb(),
                c.directMb(),
                c.rssMb()));
    return c;
  }

  /**
   * The smallest heap, in steps of {@link #MIN_HEAP_STEP_MB}, at which a Steward night in a fresh
   * JVM (its cold figure, one child per heap tried) succeeds within {@link #MIN_HEAP_SLOWDOWN}
   * times {@code coldMedian}, found by bisection between 0 and the default heap ({@link #search}).
   */
  static long minHeap(Setup s, double coldMedian) {
    double bound = coldMedian * MIN_HEAP_SLOWDOWN;
    return search(
        s.heapMb(),
        MIN_HEAP_STEP_MB,
        mb -> {
          // A heap too small thrashes in collections: such a child is stopped, as not fitting.
          Duration limit = Duration.ofSeconds(120 + (long) (6 * bound));
          ChildJvm.Exit e = launch(s, Program.STEWARD, mb, "min-heap-" + mb, false, false, limit);
          ChildResult c = e.code() == 0 ? e.result() : null;
          boolean fits = c != null && c.coldWall() <= bound;
          s.ctx()
              .progress(
                  String.format(
                      Locale.ROOT,
                      "min heap: %d MB: %s",
                      mb,
                      c == null
                          ? "failed (exit " + e.code() + ", see " + e.log() + ")"
                          : String.format(
                              Locale.ROOT,
                              "steward cold %.1f s, %s %.1f s",
                              c.coldWall(),
                              fits ? "within" : "above",
                              bound)));
          return fits;
        });
  }

  /**
   * Bisection over multiples of {@code step} in (0, {@code top}]: the smallest size that {@code
   * fits}, assuming that every larger size fits too; {@code top} itself is taken to fit.
   */
  static long search(long top, long step, LongPredicate fits) {
    long lo = 0;
    long hi = top;
    while (hi - lo > step) {
      long mid = Math.max(lo + step, (lo + hi) / 2 / step * step);
      if (fits.test(mid)) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return hi;
  }

  private static ChildResult child(
      Setup s, Program p, long heapMb, String tag, boolean heapWatch, boolean figures) {
    ChildJvm.Exit e = launch(s, p, heapMb, tag, heapWatch, figures, LIMIT);
    ChildResult c = e.code() == 0 ? e.result() : null;
    if (c == null) {
      throw new IllegalStateException(
          "bench: the "
              + p.cliName()
              + " child ("
              + tag
              + ") exited "
              + e.code()
              + " without a result; its log "
              + e.log()
              + " ends: "
              + e.tail());
    }
    return c;
  }

  /** Where a program's figures of its latest child are written. */
  static Path figures(Setup s, Program p) {
    return s.dir().resolve("children").resolve(p.cliName() + ".figures");
  }

  private static ChildJvm.Exit launch(
      Setup s,
      Program p,
      long heapMb,
      String tag,
      boolean heapWatch,
      boolean figures,
      Duration limit) {
    BenchShape d = s.data().shape();
    List<String> args =
        new ArrayList<>(
            List.of(
                "bench",
                "run-one",
                "--program",
                p.cliName(),
                "--dir",
                s.dir().toString(),
                "--rows",
                Long.toString(d.rows()),
                "--models",
                Integer.toString(d.models()),
                "--numeric",
                Integer.toString(d.numeric()),
                "--categorical",
                Integer.toString(d.categorical()),
                "--history-nights",
                Integer.toString(d.historyNights()),
                "--layout",
                d.layout().cliName(),
                "--history-night",
                d.historyNight().cliName(),
                "--warehouse",
                s.ctx().warehouse().root()));
    if (heapWatch) {
      args.add("--heap-watch");
    }
    if (figures) {
      args.add("--figures");
      args.add(figures(s, p).toString());
    }
    return ChildJvm.run(
        ChildJvm.command(heapMb, args), s.dir().resolve("children").resolve(tag + ".log"), limit);
  }
}
