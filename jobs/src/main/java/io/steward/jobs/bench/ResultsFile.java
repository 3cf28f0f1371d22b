package io.steward.jobs.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bench's results file ({@code bench/results.csv} from {@code scripts/bench}): one CSV line
 * appended per run, under a header written when the file is created. Each program has its medians
 * over the rounds (cold and warm, wall and CPU seconds); a figure not measured is an empty cell.
 * Lines of the single-JVM method (before the protocol of fresh child JVMs) fill only {@code
 * floor_warm_s}, {@code steward_warm_s}, {@code naive_loop_warm_s}, their warm ratios, {@code
 * heap_mb}, {@code rows_per_s_per_core}, {@code agree} and {@code steward_first_s} (the first run
 * in that JVM, heap sampled), which the protocol leaves empty. {@code history_nights} is the nights
 * in the log tables ({@code --history-nights}; 0 for the night alone, as every line before the
 * option) and {@code layout} their layout ({@code --layout}; empty for the night alone); {@code
 * night} the night measured (2026-03-02 alone, a Sunday or Saturday of a history: {@code
 * --history-night}).
 */
public final class ResultsFile {
  private ResultsFile() {}

  /** The programs with columns, by {@link Program#column()}; {@code sql} is the SQL rival's. */
  static final List<String> PROGRAMS =
      List.of("floor", "floor_labels", "steward", "sql", "naive_loop");

  /** The columns, in order. */
  static final List<String> COLUMNS = columns();

  public static final String HEADER = String.join(",", COLUMNS);

  private static List<String> columns() {
    List<String> c =
        new ArrayList<>(
            List.of(
                "commit",
                "date",
                "rows",
                "models",
                "numeric",
                "categorical",
                "cores",
                "rounds",
                "child_heap_mb"));
    for (String p : PROGRAMS) {
      c.addAll(List.of(p + "_cold_s", p + "_warm_s", p + "_cold_cpu_s", p + "_warm_cpu_s"));
    }
    c.addAll(
        List.of(
            "steward_floor_cold",
            "steward_floor_warm",
            "sql_steward_cold",
            "sql_steward_warm",
            "naive_steward_cold",
            "naive_steward_warm",
            "heap_mb",
            "direct_mb",
            "rss_mb",
            "min_heap_mb",
            "rows_per_s_per_core",
            "agree",
            "steward_first_s",
            "history_nights",
            "layout",
            "night"));
    return List.copyOf(c);
  }

  /**
   * A run's line: its cells by column (the date is added when written), missing ones empty.
   *
   * @throws IllegalArgumentException for a column the file does not have, or without a commit
   */
  record Line(Map<String, String> cells) {
    Line {
      for (String k : cells.keySet()) {
        if (!COLUMNS.contains(k) || k.equals("date")) {
          throw new IllegalArgumentException("the bench results file has no column " + k);
        }
      }
      if (cells.get("commit") == null || cells.get("commit").isBlank()) {
        throw new IllegalArgumentException("a results line needs a commit");
      }
      cells = new LinkedHashMap<>(cells);
    }

    /** The CSV line, stamped with the time it is written. */
    String csv(Instant now) {
      List<String> out = new ArrayList<>();
      for (String c : COLUMNS) {
        String v = c.equals("date") ? now.toString() : cells.get(c);
        out.add(v == null ? "" : v);
      }
      return String.join(",", out) + "\n";
    }
  }

  /** Appends a run's line to {@code file}, creating it (and its folder) with the header first. */
  static void append(Path file, Line line) {
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, HEADER + "\n");
      } else {
        String first = Files.readAllLines(file).stream().findFirst().orElse("");
        if (!first.equals(HEADER)) {
          throw new IllegalStateException(
              "the bench results file "
                  + file
                  + " has another header than this bench writes; move it aside or convert it");
        }
      }
      Files.writeString(file, line.csv(Instant.now()), StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to the bench results file " + file, e);
    }
  }
}
