package io.steward.jobs.bench;

import io.steward.common.domain.TimeWindow;
import io.steward.jobs.StewardContext;
import io.steward.jobs.baseline.BaselineAction;
import io.steward.jobs.monitor.RegisterMonitorAction;
import io.steward.jobs.nightly.NightlyAction;
import io.steward.jobs.warehouse.InitAction;
import io.steward.registry.store.ResultsHistory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark: builds a generated warehouse (kept and reused), then runs the protocol ({@link
 * Protocol}): each program in fresh child JVMs at the production heap, round after round in rotated
 * order, cold and warm, wall and CPU; Steward's peak live heap in an untimed child; optionally the
 * smallest heap. It then checks that the figures of a program computing them agree with Steward's
 * ({@link Agreement}), prints the spreads and ratios ({@link Report}) and appends a line to the
 * {@link ResultsFile}.
 *
 * <p>Driver (this JVM): the generation's orchestration, the children's, the agreement and the
 * report. Executors: the generated data (in this JVM, local mode); every timed program runs in a
 * child JVM of its own.
 */
public final class BenchAction {
  private BenchAction() {}

  /** Rounds unless told otherwise. */
  public static final int ROUNDS = 5;

  /**
   * @param programs the programs timed, in the first round's order
   * @param heapMb the children's heap (the production heap)
   * @param findMinHeap whether to search for the smallest heap of a Steward night
   * @param rounds rounds of every program; 0 builds the warehouse and runs the night once in this
   *     JVM (a fixture for other tests), timing nothing and sampling no heap
   */
  public record Params(
      Path dir,
      BenchShape shape,
      List<Program> programs,
      long heapMb,
      boolean findMinHeap,
      boolean regenerate,
      Path results,
      String commit,
      int rounds) {
    public Params {
      programs = List.copyOf(programs);
    }
  }

  /**
   * What a run measured.
   *
   * @param agreement Steward's figures against a rival's, null when no program computing figures
   *     ran
   * @param summary the last line printed
   */
  public record Result(Agreement agreement, String summary) {
    /** Whether Steward and the rival agree (true when not checked). */
    public boolean agree() {
      return agreement == null || agreement.agree();
    }
  }

  /** A heap size as -Xmx takes it ("4g", "1536m") in MB; null when it is not one. */
  public static Long heapMb(String size) {
    return ChildJvm.heapMb(size);
  }

  public static Result run(StewardContext ctx, Params p) {
    BenchData data = p.shape().data(p.dir());
    build(ctx, data, p);
    if (p.rounds() == 0) {
      return once(ctx, data, p);
    }
    int cores = Runtime.getRuntime().availableProcessors();
    Protocol.Setup setup = new Protocol.Setup(ctx, data, p.dir(), p.heapMb());
    ctx.progress(
        String.format(
            Locale.ROOT,
            "bench: %d round(s) of %s, each in a fresh JVM with a %d MB heap",
            p.rounds(),
            String.join(", ", p.programs().stream().map(x -> x.cliName()).toList()),
            p.heapMb()));
    // The untimed, heap-sampled child of Steward comes first: it also runs the warehouse's first
    // night, so that every timed night is a rerun that replaces the night's results.
    ChildResult heap = p.programs().contains(Program.STEWARD) ? Protocol.heap(setup) : null;
    Map<Program, List<ChildResult>> runs = Protocol.rounds(setup, p.programs(), p.rounds());
    long minHeap = -1;
    Report measured = new Report(runs, heap == null ? -1 : heap.heapMb(), -1);
    if (p.findMinHeap()) {
      minHeap = Protocol.minHeap(setup, measured.coldWall(Program.STEWARD).median());
      measured = new Report(runs, measured.heapMb(), minHeap);
    }
    Agreement agreement = null;
    for (Program rival : p.programs()) {
      if (rival.figures) {
        Map<String, Double> mine =
            Agreement.stewardFigures(
                new ResultsHistory(
                    ctx.spark(), ctx.warehouse(), TimeWindow.night(data.shape().night())));
        agreement =
            Agreement.of(mine, FiguresFile.read(Protocol.figures(setup, rival)), rival.compared);
      }
    }

    List<String> out = new ArrayList<>();
    out.add(
        String.format(
            Locale.ROOT,
            "rows %d, models %d, features %d+%d, %s, cores %d, %d round(s), child heap %d MB",
            data.shape().rows(),
            data.shape().models(),
            data.shape().numeric(),
            data.shape().categorical(),
            data.shape().historyNights() == 0
                ? "the night " + data.shape().night() + " alone"
                : String.format(
                    Locale.ROOT,
                    "the night %s of %d nights (%s layout)",
                    data.shape().night(),
                    data.shape().historyNights(),
                    data.shape().layout().cliName()),
            cores,
            p.rounds(),
            p.heapMb()));
    out.addAll(measured.lines());
    if (heap != null) {
      out.add(
          String.format(
              Locale.ROOT,
              "memory: steward's peak live heap %d MB (an untimed child, heap sampled), direct"
                  + " buffers %d MB, rss %d MB (timed children's peaks)",
              heap.heapMb(),
              measured.peak(Program.STEWARD, ChildResult::directMb),
              measured.peak(Program.STEWARD, ChildResult::rssMb)));
    }
    if (minHeap >= 0) {
      out.add(
          String.format(
              Locale.ROOT,
              "smallest heap: %d MB (a steward night in a fresh JVM within %.0f%% of its cold"
                  + " median at %d MB)",
              minHeap,
              (Protocol.MIN_HEAP_SLOWDOWN - 1) * 100,
              p.heapMb()));
    }
    out.add(agreementLine(agreement));
    String summary = measured.lastLine(data.shape().rows());
    out.add(summary);
    out.forEach(ctx.out()::println);
    ctx.out().flush();

    if (p.results() != null) {
      Map<String, String> cells = new LinkedHashMap<>();
      cells.put("commit", p.commit());
      cells.put("rows", Long.toString(data.shape().rows()));
      cells.put("models", Integer.toString(data.shape().models()));
      cells.put("numeric", Integer.toString(data.shape().numeric()));
      cells.put("categorical", Integer.toString(data.shape().categorical()));
      cells.put("cores", Integer.toString(cores));
      cells.put("rounds", Integer.toString(p.rounds()));
      cells.put("child_heap_mb", Long.toString(p.heapMb()));
      cells.putAll(measured.cells(data.shape().rows(), cores));
      cells.put("agree", agreement == null ? "" : Boolean.toString(agreement.agree()));
      cells.put("history_nights", Integer.toString(data.shape().historyNights()));
      cells.put("layout", data.shape().historyNights() == 0 ? "" : data.shape().layout().cliName());
      cells.put("night", data.shape().night().toString());
      ResultsFile.append(p.results(), new ResultsFile.Line(cells));
    }
    return new Result(agreement, summary);
  }

  private static String agreementLine(Agreement a) {
    if (a == null) {
      return "agreement: not checked (no program computing the night's figures ran)";
    }
    return a.summary();
  }

  /** Generates the data and the warehouse (init, monitors, baselines) unless already there. */
  private static void build(StewardContext ctx, BenchData data, Params p) {
    // The marker names the shape it was generated for: another shape in the same folder is
    // generated again rather than measured on the old data.
    Path marker = p.dir().resolve("data/.complete");
    String shape = data.signature();
    if (p.regenerate() || !shape.equals(read(marker))) {
      ctx.progress(
          "bench: generating "
              + data.shape().rows()
              + " predictions for "
              + data.shape().models()
              + " models");
      long t0 = System.nanoTime();
      data.write(ctx.spark(), ctx::progress);
      InitAction.run(ctx);
      for (int m = 0; m < data.shape().models(); m++) {
        RegisterMonitorAction.run(ctx, data.spec(m));
        BaselineAction.run(ctx, data.model(m));
      }
      if (data.shape().historyNights() > 0) {
        // The two nights before the last, as the previous nights' runs: the Sunday's run then
        // finds the labels that arrived since, and recomputes their nights; the Saturday's has
        // its previous night's run too, whichever of the two the data was generated for.
        for (LocalDate before = data.shape().lastNight().minusDays(2);
            before.isBefore(data.shape().lastNight());
            before = before.plusDays(1)) {
          ctx.progress("bench: the previous nights' runs (" + before + ")");
          NightlyAction.run(ctx, new NightlyAction.Params(TimeWindow.night(before), List.of()));
        }
      }
      write(marker, shape);
      ctx.progress(
          String.format(Locale.ROOT, "bench: generated in %.1f s", (System.nanoTime() - t0) / 1e9));
    }
  }

  /**
   * Rounds 0: the night once in this JVM (a warehouse for other tests), timing nothing and sampling
   * no heap (the samples' full collections would slow it for no figure); no results line.
   */
  private static Result once(StewardContext ctx, BenchData data, Params p) {
    Program.STEWARD.prepare(ctx, data);
    long t0 = System.nanoTime();
    Program.STEWARD.run(ctx, data);
    ctx.progress(
        String.format(
            Locale.ROOT,
            "bench: steward's night ran once in %.1f s (rounds 0: untimed, heap not sampled)",
            (System.nanoTime() - t0) / 1e9));
    String summary = new Report(Map.of(), -1, -1).lastLine(data.shape().rows());
    ctx.out().println(summary);
    ctx.out().flush();
    return new Result(null, summary);
  }

  /** The marker's content, or null when there is none. */
  private static String read(Path marker) {
    try {
      return Files.exists(marker) ? Files.readString(marker).strip() : null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path marker, String shape) {
    try {
      Files.writeString(marker, shape + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
