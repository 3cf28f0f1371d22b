package io.steward.jobs.nightly;

import io.steward.common.domain.Granularity;
import io.steward.jobs.scan.WindowInputs;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;

/**
 * How many more rows the scan decoded than the run's windows hold. The nightly pushes its time
 * range into the scan, so Delta skips the files (and Parquet the row groups) whose timestamps lie
 * outside it; what remains is read. A log written in arrival order by a long-running logger keeps
 * every night's rows apart and little more is read; a log whose files each mix many nights (bulk
 * rewrites, a compaction without clustering) is read almost whole every night, and the run says so
 * with the figure, in its progress and in {@code job_runs.message}.
 *
 * @param decoded rows the scan's tasks decoded (Spark's input records); -1 when unknown
 * @param inWindows rows of the log in the run's day and week windows (each row once)
 */
record ReadAmplification(long decoded, long inWindows) {

  /** The ratio from which a run says so. */
  static final double WARN_RATIO = 4.0;

  /** Below this many decoded rows the scan costs too little to matter. */
  static final long WARN_MIN_ROWS = 100_000;

  /** The rows of the windows: day windows, and the days of week windows not already counted. */
  static long rowsInWindows(List<Row> profiles) {
    Map<String, Long> weekRows = new HashMap<>();
    Map<String, Long> dayRowsInWeeks = new HashMap<>();
    long days = 0;
    for (Row r : profiles) {
      long n = r.<Row>getAs(WindowInputs.PROFILE).<Long>getAs("row_count");
      String model =
          r.<String>getAs(WindowInputs.MODEL_ID) + "\t" + r.getAs(WindowInputs.MODEL_VERSION);
      LocalDate start =
          r.<java.sql.Timestamp>getAs(WindowInputs.WINDOW_START)
              .toInstant()
              .atZone(ZoneOffset.UTC)
              .toLocalDate();
      if (Granularity.WEEK.name().equals(r.getAs(WindowInputs.GRANULARITY))) {
        weekRows.merge(model + "\t" + start, n, Long::sum);
      } else {
        days += n;
        dayRowsInWeeks.merge(model + "\t" + WindowPlan.monday(start), n, Long::sum);
      }
    }
    long extra = 0;
    for (Map.Entry<String, Long> w : weekRows.entrySet()) {
      extra += w.getValue() - dayRowsInWeeks.getOrDefault(w.getKey(), 0L);
    }
    return days + extra;
  }

  double ratio() {
    return inWindows <= 0 ? Double.POSITIVE_INFINITY : (double) decoded / inWindows;
  }

  /** The warning, when the scan decoded at least {@link #WARN_RATIO} times the windows' rows. */
  Optional<String> warning() {
    if (decoded < WARN_MIN_ROWS || ratio() < WARN_RATIO) {
      return Optional.empty();
    }
    String advice =
        "most files of the log tables mix other nights in; partition or cluster the logs by date"
            + " (docs/operations.md#laying-out-the-prediction-logs)";
    if (inWindows <= 0) {
      return Optional.of(
          String.format(
              Locale.ROOT, "read %,d rows and none in the run's windows: %s", decoded, advice));
    }
    return Optional.of(
        String.format(
            Locale.ROOT,
            "read %.0fx the rows of the run's windows (%,d rows decoded for %,d): %s",
            ratio(),
            decoded,
            inWindows,
            advice));
  }
}
