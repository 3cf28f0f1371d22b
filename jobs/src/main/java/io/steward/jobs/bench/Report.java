package io.steward.jobs.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * What the rounds measured, summed up: each program's spread (median, min, max) of cold and warm
 * wall and CPU seconds, its peaks of direct buffers and resident set, the ratios of medians,
 * Steward's peak live heap and smallest heap, the results file's cells, and the last line:
 *
 * <pre>steward/floor cold=1.41 warm=1.22 sql/steward=3.10 heap_mb=451 rows=10000000</pre>
 *
 * with {@code -} for a figure whose program did not run.
 *
 * @param runs each program's child results, in round order
 * @param heapMb Steward's peak live heap (untimed child), -1 when not measured
 * @param minHeapMb the smallest heap found, -1 when not searched
 */
record Report(Map<Program, List<ChildResult>> runs, long heapMb, long minHeapMb) {
  Report {
    runs = new LinkedHashMap<>(runs);
  }

  Spread coldWall(Program p) {
    return spread(p, ChildResult::coldWall);
  }

  Spread warmWall(Program p) {
    return spread(p, ChildResult::warmWall);
  }

  Spread coldCpu(Program p) {
    return spread(p, ChildResult::coldCpu);
  }

  Spread warmCpu(Program p) {
    return spread(p, ChildResult::warmCpu);
  }

  private Spread spread(Program p, ToDoubleFunction<ChildResult> f) {
    List<ChildResult> rs = runs.get(p);
    if (rs == null) {
      return null;
    }
    return Spread.of(rs.stream().map(r -> f.applyAsDouble(r)).toList());
  }

  /** The largest of a program's megabyte figures over its children, -1 when none. */
  long peak(Program p, ToLongFunction<ChildResult> f) {
    List<ChildResult> rs = runs.get(p);
    return rs == null ? -1 : rs.stream().mapToLong(f).max().orElse(-1);
  }

  /** The program of a command-line name, when it exists and ran ({@code sql} before its time). */
  private Program ran(String cli) {
    return CliName.named(Program.class, cli).filter(runs::containsKey).orElse(null);
  }

  private Spread cold(String cli) {
    Program p = ran(cli);
    return p == null ? null : coldWall(p);
  }

  private Spread warm(String cli) {
    Program p = ran(cli);
    return p == null ? null : warmWall(p);
  }

  /** The very last line printed. */
  String lastLine(long rows) {
    return String.format(
        Locale.ROOT,
        "steward/floor cold=%s warm=%s sql/steward=%s heap_mb=%s rows=%d",
        Spread.ratio(cold("steward"), cold("floor")),
        Spread.ratio(warm("steward"), warm("floor")),
        Spread.ratio(cold("sql"), cold("steward")),
        heapMb < 0 ? "-" : Long.toString(heapMb),
        rows);
  }

  /** The table of programs and the ratios of medians, one line each. */
  List<String> lines() {
    List<String> out = new ArrayList<>();
    out.add("program: median (min to max) of cold / warm wall and CPU; peaks of direct and rss");
    for (Map.Entry<Program, List<ChildResult>> e : runs.entrySet()) {
      Program p = e.getKey();
      out.add(
          String.format(
              Locale.ROOT,
              "%-13s cold %s cpu %s | warm %s cpu %s | direct %d MB, rss %d MB",
              p.cliName(),
              coldWall(p).seconds(),
              coldCpu(p).seconds(),
              warmWall(p).seconds(),
              warmCpu(p).seconds(),
              peak(p, ChildResult::directMb),
              peak(p, ChildResult::rssMb)));
    }
    out.add("ratios of medians: cold wall (cpu), warm wall (cpu)");
    for (String[] pair : pairs()) {
      Program a = ran(pair[0]);
      Program b = ran(pair[1]);
      if (a == null || b == null) {
        continue;
      }
      out.add(
          String.format(
              Locale.ROOT,
              "%-24s %s (%s), %s (%s)",
              pair[0] + "/" + pair[1],
              Spread.ratio(coldWall(a), coldWall(b)),
              Spread.ratio(coldCpu(a), coldCpu(b)),
              Spread.ratio(warmWall(a), warmWall(b)),
              Spread.ratio(warmCpu(a), warmCpu(b))));
    }
    return out;
  }

  /** The ratios reported: Steward over the floors, the floors' own, the rivals over Steward. */
  private static List<String[]> pairs() {
    List<String[]> pairs = new ArrayList<>();
    pairs.add(new String[] {"steward", "floor"});
    pairs.add(new String[] {"steward", "floor-labels"});
    pairs.add(new String[] {"floor-labels", "floor"});
    for (Program p : Program.values()) {
      if (p.figures || p == Program.SQL) {
        pairs.add(new String[] {p.cliName(), "steward"});
      }
    }
    return pairs;
  }

  /**
   * The results file's cells of these figures (the run's own, such as the commit, added by the
   * caller).
   */
  Map<String, String> cells(long rows, int cores) {
    Map<String, String> c = new LinkedHashMap<>();
    for (Program p : runs.keySet()) {
      String col = p.column();
      c.put(col + "_cold_s", seconds(coldWall(p)));
      c.put(col + "_warm_s", seconds(warmWall(p)));
      c.put(col + "_cold_cpu_s", seconds(coldCpu(p)));
      c.put(col + "_warm_cpu_s", seconds(warmCpu(p)));
    }
    c.put("steward_floor_cold", blank(Spread.ratio(cold("steward"), cold("floor"))));
    c.put("steward_floor_warm", blank(Spread.ratio(warm("steward"), warm("floor"))));
    c.put("sql_steward_cold", blank(Spread.ratio(cold("sql"), cold("steward"))));
    c.put("sql_steward_warm", blank(Spread.ratio(warm("sql"), warm("steward"))));
    c.put("naive_steward_cold", blank(Spread.ratio(cold("naive-loop"), cold("steward"))));
    c.put("naive_steward_warm", blank(Spread.ratio(warm("naive-loop"), warm("steward"))));
    c.put("heap_mb", heapMb < 0 ? "" : Long.toString(heapMb));
    Program steward = ran("steward");
    if (steward != null) {
      c.put("direct_mb", Long.toString(peak(steward, ChildResult::directMb)));
      c.put("rss_mb", Long.toString(peak(steward, ChildResult::rssMb)));
      c.put(
          "rows_per_s_per_core",
          String.format(Locale.ROOT, "%.0f", rows / warmWall(steward).median() / cores));
    }
    c.put("min_heap_mb", minHeapMb < 0 ? "" : Long.toString(minHeapMb));
    return c;
  }

  private static String seconds(Spread s) {
    return s == null ? "" : String.format(Locale.ROOT, "%.2f", s.median());
  }

  private static String blank(String ratio) {
    return ratio.equals("-") ? "" : ratio;
  }
}
