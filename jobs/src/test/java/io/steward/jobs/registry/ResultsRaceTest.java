package io.steward.jobs.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.common.errors.StewardException;
import io.steward.registry.store.EventLog;
import io.steward.registry.store.ResultsStore;
import io.steward.registry.tables.StewardTables;
import io.steward.registry.tables.TableDef;
import io.steward.registry.testing.TestSpark;
import io.steward.registry.warehouse.Warehouse;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two runs of one night, as two hosts without a shared lock would run them: the results tables end
 * with the run that started last, whichever committed first, and a run overtaken so is refused with
 * one line and keeps nothing. The second run is the first one's own figures committed again under
 * another run id and start, so the only difference between the two is who they are.
 */
class ResultsRaceTest {
  @TempDir Path dir;

  private static final List<TableDef> RESULTS =
      List.of(
          StewardTables.FEATURE_DRIFT,
          StewardTables.PERFORMANCE_METRICS,
          StewardTables.FAIRNESS_METRICS,
          StewardTables.OPERATIONAL_METRICS);

  @Test
  void theRunThatStartedLastKeepsTheNightAndAnOvertakenRunKeepsNothing() {
    RegistryFixture f = RegistryFixture.withCast(dir);
    f.monitor("card_limit");
    SparkSession spark = TestSpark.get();
    Warehouse w = new Warehouse(f.wh);
    String headBefore = EventLog.Head.of(EventLog.all(spark, w)).text();
    f.ok("olivia", "nightly", "--date", "2026-03-02");
    Row run =
        spark
            .sql(
                "SELECT run_id, started_at, trail_head FROM delta.`"
                    + f.wh
                    + "/steward/job_runs` WHERE command = 'nightly'")
            .first();
    String first = run.getString(0);
    Instant firstStart = run.<Timestamp>getAs(1).toInstant();
    assertEquals(headBefore, run.getString(2), "the run records the trail's head it saw");
    Map<String, Long> counts = runIds(f.wh);
    assertEquals(List.of(first), List.copyOf(counts.keySet()), "one run wrote the night");

    ResultsStore.RunResults same = figures(spark, f.wh);
    List<ResultsStore.RunWindows> windows = windows(spark, f.wh);
    long total = counts.get(first);

    // A run that started before the first one committed after it: refused, nothing of it kept.
    StewardException late =
        assertThrows(
            StewardException.class,
            () ->
                ResultsStore.replace(
                    w, "earlier-start", firstStart.minusSeconds(60), same, windows));
    assertTrue(
        late.getMessage()
            .startsWith(
                "a run that started later (at "
                    + firstStart.truncatedTo(java.time.temporal.ChronoUnit.MICROS)
                    + ") committed these nights' results to steward."),
        late.getMessage());
    assertEquals(Map.of(first, total), runIds(f.wh), "the first run's figures stand");

    // A run that started after it replaces the night whole, in every results table.
    ResultsStore.replace(w, "later-start", firstStart.plusSeconds(60), same, windows);
    assertEquals(Map.of("later-start", total), runIds(f.wh));
  }

  /** Rows of the results tables by the run that wrote them. */
  private static Map<String, Long> runIds(String wh) {
    Map<String, Long> out = new TreeMap<>();
    for (TableDef t : RESULTS) {
      for (Row r :
          TestSpark.get()
              .sql(
                  "SELECT run_id, count(*) FROM delta.`"
                      + wh
                      + "/steward/"
                      + t.name()
                      + "` GROUP BY run_id")
              .collectAsList()) {
        out.merge(r.getString(0), r.getLong(1), Long::sum);
      }
    }
    return out;
  }

  private static Dataset<Row> unstamped(SparkSession spark, String wh, TableDef t) {
    return spark
        .read()
        .format("delta")
        .load(wh + "/steward/" + t.name())
        .drop("run_id", "window_end", "computed_at");
  }

  private static ResultsStore.RunResults figures(SparkSession spark, String wh) {
    return new ResultsStore.RunResults(
        unstamped(spark, wh, StewardTables.FEATURE_DRIFT).localCheckpoint(),
        unstamped(spark, wh, StewardTables.PERFORMANCE_METRICS).localCheckpoint(),
        unstamped(spark, wh, StewardTables.FAIRNESS_METRICS).localCheckpoint(),
        unstamped(spark, wh, StewardTables.OPERATIONAL_METRICS).localCheckpoint(),
        null);
  }

  /** The windows the first run wrote, read back from its operational rows. */
  private static List<ResultsStore.RunWindows> windows(SparkSession spark, String wh) {
    TreeSet<LocalDate> days = new TreeSet<>();
    TreeSet<LocalDate> weeks = new TreeSet<>();
    for (Row r :
        spark
            .sql(
                "SELECT DISTINCT granularity, window_start FROM delta.`"
                    + wh
                    + "/steward/operational_metrics`")
            .collectAsList()) {
      LocalDate start = r.<Timestamp>getAs(1).toInstant().atZone(ZoneOffset.UTC).toLocalDate();
      ("DAY".equals(r.getString(0)) ? days : weeks).add(start);
    }
    return List.of(new ResultsStore.RunWindows(List.of("card_limit"), days, weeks));
  }
}
