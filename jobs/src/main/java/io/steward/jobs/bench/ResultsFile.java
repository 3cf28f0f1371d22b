package io.steward.jobs.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Locale;

/**
 * The bench's results file ({@code bench/results.csv} from {@code scripts/bench}): one CSV line
 * appended per run, under a header written when the file is created.
 */
public final class ResultsFile {
  private ResultsFile() {}

  /** steward_s is the measured (second) run; steward_first_s the first run in the JVM. */
  public static final String HEADER =
      "commit,date,rows,models,numeric,categorical,cores,floor_s,steward_s,naive_s,"
          + "steward_floor,naive_steward,heap_mb,rows_per_s_per_core,agree,steward_first_s";

  /**
   * A run's figures.
   *
   * @param naiveSeconds null when the naive program was skipped (its columns are then empty)
   * @param agree whether Steward and the naive program agree; null when not checked
   */
  record Line(
      String commit,
      long rows,
      int models,
      int numeric,
      int categorical,
      int cores,
      double floorSeconds,
      double stewardSeconds,
      Double naiveSeconds,
      long heapMb,
      double rowsPerSecondPerCore,
      Boolean agree,
      double stewardFirstSeconds) {
    Line {
      if (commit == null || rows < 1 || cores < 1) {
        throw new IllegalArgumentException("a results line needs a commit, rows and cores");
      }
    }

    /** The CSV line, stamped with the time it is written. */
    String csv(Instant now) {
      return String.format(
          Locale.ROOT,
          "%s,%s,%d,%d,%d,%d,%d,%.2f,%.2f,%s,%.2f,%s,%d,%.0f,%s,%.2f%n",
          commit,
          now.toString(),
          rows,
          models,
          numeric,
          categorical,
          cores,
          floorSeconds,
          stewardSeconds,
          naiveSeconds == null ? "" : String.format(Locale.ROOT, "%.2f", naiveSeconds),
          stewardSeconds / floorSeconds,
          naiveSeconds == null
              ? ""
              : String.format(Locale.ROOT, "%.1f", naiveSeconds / stewardSeconds),
          heapMb,
          rowsPerSecondPerCore,
          agree == null ? "" : agree.toString(),
          stewardFirstSeconds);
    }
  }

  /** Appends a run's line to {@code file}, creating it (and its folder) with the header first. */
  static void append(Path file, Line line) {
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, HEADER + "\n");
      }
      Files.writeString(file, line.csv(Instant.now()), StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to the bench results file " + file, e);
    }
  }
}
