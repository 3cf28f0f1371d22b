package io.steward.jobs.nightly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.jobs.Cli;
import io.steward.jobs.TestData;
import io.steward.jobs.scan.WindowScan;
import io.steward.registry.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nightly says when its scan decodes far more rows than its windows hold, and the time range it
 * pushes into the scan keeps it from opening files of other nights: the same twelve nights of a log
 * read for one night, once as one file that mixes them (the run warns, with the figure, in its
 * progress and in {@code job_runs.message}) and once appended night by night as a logger writes
 * (one night's rows decoded, no warning).
 */
class ReadAmplificationTest {
  @TempDir static Path dir;

  static final int NIGHTS = 12;
  static final long PER_NIGHT = 10_000;

  /** Writes twelve nights (2026-03-01 to 03-12) of one model's log, as one file or a file each. */
  static void writeLog(String path, boolean fileEachNight) {
    SparkSession spark = TestSpark.get();
    for (int n = 0; n < (fileEachNight ? NIGHTS : 1); n++) {
      long first = fileEachNight ? n * PER_NIGHT : 0;
      long end = fileEachNight ? first + PER_NIGHT : NIGHTS * PER_NIGHT;
      spark
          .range(first, end, 1, 1)
          .selectExpr(
              // 1772323200 is 2026-03-01 00:00 UTC; row i belongs to night i / PER_NIGHT.
              "timestamp_seconds(1772323200 + floor(id / "
                  + PER_NIGHT
                  + ") * 86400 + id % 86400) AS event_ts",
              "'ra' AS model_id",
              "'v1' AS model_version",
              "concat('p', id) AS prediction_id",
              "rand(1) AS score",
              "CAST(rand(2) < 0.5 AS INT) AS decision",
              "100 * rand(3) AS x",
              "element_at(array('a', 'b', 'c'), CAST(floor(rand(4) * 3) AS INT) + 1) AS region")
          .write()
          .format("delta")
          .mode(n == 0 ? "overwrite" : "append")
          .save(path);
    }
  }

  /** Runs 2026-03-10 (a Tuesday: its day window only); stdout is the run's job_runs.message. */
  static Cli.Run nightlyOn(String name, boolean fileEachNight) throws Exception {
    String wh = TestData.initialisedWarehouse(dir.resolve(name + "-wh"));
    String log = dir.resolve(name + "-log").toString();
    String snapshot = dir.resolve(name + "-snapshot").toString();
    writeLog(log, fileEachNight);
    List<Row> snap = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      snap.add(RowFactory.create((double) i, i <= 50 ? "a" : "b", i / 100.0));
    }
    TestData.writeDelta(snapshot, snap, TestData.SNAPSHOT, "overwrite");
    Path spec = dir.resolve(name + ".yaml");
    Files.writeString(spec, TestData.spec("ra", log, snapshot).yaml());
    for (String[] args :
        List.of(
            new String[] {"monitor", "register", "--spec", spec.toString()},
            new String[] {"baseline", "--model", "ra"})) {
      Cli.Run r = Cli.run(wh, args);
      assertEquals(0, r.code(), r.toString());
    }
    Cli.Run night = Cli.run(wh, "nightly", "--date", "2026-03-10");
    assertEquals(0, night.code(), night.toString());
    String message =
        TestSpark.get()
            .sql(
                "SELECT message FROM delta.`"
                    + wh
                    + "/steward/job_runs` WHERE command = 'nightly' AND status = 'SUCCEEDED'")
            .first()
            .getString(0);
    return new Cli.Run(night.code(), message, night.err());
  }

  @Test
  void aLogWhoseFilesMixTheNightsIsReadWholeAndTheRunSaysSo() throws Exception {
    Cli.Run mixed = nightlyOn("mixed", false);
    String warning = "read 12x the rows of the run's windows (120,000 rows decoded for 10,000)";
    assertTrue(mixed.err().contains("nightly 2026-03-10: warning: " + warning), mixed.err());
    assertTrue(mixed.err().contains("partition or cluster the logs by date"), mixed.err());
    // job_runs.message carries the same figure after the run's summary.
    assertTrue(mixed.out().startsWith("10000 rows, 1 model-version night(s)"), mixed.out());
    assertTrue(mixed.out().contains("; " + warning), mixed.out());
  }

  @Test
  void aLogAppendedNightByNightIsReadOnlyForItsNight() throws Exception {
    Cli.Run appended = nightlyOn("appended", true);
    assertFalse(appended.err().contains("warning: read"), appended.err());
    assertFalse(appended.out().contains("decoded"), appended.out());
    // The other eleven nights' files were never opened: the scan decoded one night's rows.
    assertTrue(appended.err().contains("rows read, "), appended.err());
    assertTrue(appended.err().contains(" 10,000 rows read, "), appended.err());
    assertFalse(appended.err().contains(" 20,000 rows read, "), appended.err());
  }

  static final StructType COUNTS = new StructType().add("row_count", DataTypes.LongType);

  static final StructType PROFILE_ROW =
      new StructType()
          .add(WindowScan.MODEL_ID, DataTypes.StringType)
          .add(WindowScan.MODEL_VERSION, DataTypes.StringType)
          .add(WindowScan.GRANULARITY, DataTypes.StringType)
          .add(WindowScan.WINDOW_START, DataTypes.TimestampType)
          .add(WindowScan.PROFILE, COUNTS);

  static Row profile(String model, String granularity, String start, long rows) {
    return new GenericRowWithSchema(
        new Object[] {
          model,
          "v1",
          granularity,
          Timestamp.from(Instant.parse(start + "T00:00:00Z")),
          new GenericRowWithSchema(new Object[] {rows}, COUNTS)
        },
        PROFILE_ROW);
  }

  @Test
  void aWeekWindowCountsItsDaysOnceBesideTheDayWindowsInIt() {
    // Sunday 2026-03-08 closes the week of Monday 03-02 (700 rows, 100 of them on the Sunday);
    // model b has only a day window. Each row counts once: 700 + 40.
    List<Row> profiles =
        List.of(
            profile("a", "DAY", "2026-03-08", 100),
            profile("a", "WEEK", "2026-03-02", 700),
            profile("b", "DAY", "2026-03-08", 40));
    assertEquals(740, ReadAmplification.rowsInWindows(profiles));
  }

  @Test
  void onlyAScanOfEnoughRowsAndFourTimesTheWindowsWarns() {
    assertEquals(Optional.empty(), new ReadAmplification(99_999, 1_000).warning());
    assertEquals(Optional.empty(), new ReadAmplification(399_999, 100_000).warning());
    assertEquals(Optional.empty(), new ReadAmplification(-1, 100_000).warning());
    String w = new ReadAmplification(400_000, 100_000).warning().orElseThrow();
    assertTrue(
        w.startsWith("read 4x the rows of the run's windows (400,000 rows decoded for 100,000)"),
        w);
    String none = new ReadAmplification(150_000, 0).warning().orElseThrow();
    assertTrue(none.startsWith("read 150,000 rows and none in the run's windows"), none);
  }
}
