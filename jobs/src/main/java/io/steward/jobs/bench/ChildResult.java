package io.steward.jobs.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a child JVM measured ({@link RunOne}), as the one machine-readable line it prints on stdout
 * and the parent parses:
 *
 * <pre>
 * bench-result program=steward cold_wall_s=31.20 cold_cpu_s=55.10 warm_wall_s=25.30
 *     warm_cpu_s=48.00 direct_mb=410 rss_mb=2150 heap_mb=-
 * </pre>
 *
 * (one line). Wall and CPU seconds of the first run in the JVM (cold) and the second (warm); the
 * peak of direct buffers sampled during both; the process's peak resident set (VmHWM) at the end;
 * and the peak live heap when the child sampled it. A figure not measured is NaN for seconds, -1
 * for megabytes, and {@code -} on the line.
 */
record ChildResult(
    Program program,
    double coldWall,
    double coldCpu,
    double warmWall,
    double warmCpu,
    long directMb,
    long rssMb,
    long heapMb) {

  static final String PREFIX = "bench-result";

  ChildResult {
    if (program == null) {
      throw new IllegalArgumentException("a child's result names its program");
    }
  }

  /** The line the child prints. */
  String line() {
    return String.format(
        Locale.ROOT,
        "%s program=%s cold_wall_s=%s cold_cpu_s=%s warm_wall_s=%s warm_cpu_s=%s direct_mb=%s"
            + " rss_mb=%s heap_mb=%s",
        PREFIX,
        program.cliName(),
        seconds(coldWall),
        seconds(coldCpu),
        seconds(warmWall),
        seconds(warmCpu),
        mb(directMb),
        mb(rssMb),
        mb(heapMb));
  }

  /**
   * Parses a child's line.
   *
   * @throws IllegalArgumentException when it is not such a line, naming what is wrong
   */
  static ChildResult parse(String line) {
    String[] fields = line.strip().split(" ");
    if (fields.length != 9 || !fields[0].equals(PREFIX)) {
      throw new IllegalArgumentException("not a bench result line: " + line);
    }
    Map<String, String> v = new LinkedHashMap<>();
    for (int i = 1; i < fields.length; i++) {
      int eq = fields[i].indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException("bench result field without a value: " + fields[i]);
      }
      v.put(fields[i].substring(0, eq), fields[i].substring(eq + 1));
    }
    Program program =
        CliName.named(Program.class, get(v, "program", line))
            .orElseThrow(() -> new IllegalArgumentException("unknown program in: " + line));
    try {
      return new ChildResult(
          program,
          seconds(get(v, "cold_wall_s", line)),
          seconds(get(v, "cold_cpu_s", line)),
          seconds(get(v, "warm_wall_s", line)),
          seconds(get(v, "warm_cpu_s", line)),
          mb(get(v, "direct_mb", line)),
          mb(get(v, "rss_mb", line)),
          mb(get(v, "heap_mb", line)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("a bench result figure is not a number: " + line, e);
    }
  }

  private static String get(Map<String, String> v, String key, String line) {
    String s = v.get(key);
    if (s == null) {
      throw new IllegalArgumentException("bench result line without " + key + ": " + line);
    }
    return s;
  }

  private static String seconds(double s) {
    return Double.isNaN(s) ? "-" : String.format(Locale.ROOT, "%.3f", s);
  }

  private static double seconds(String s) {
    return s.equals("-") ? Double.NaN : Double.parseDouble(s);
  }

  private static String mb(long mb) {
    return mb < 0 ? "-" : Long.toString(mb);
  }

  private static long mb(String s) {
    return s.equals("-") ? -1 : Long.parseLong(s);
  }
}
