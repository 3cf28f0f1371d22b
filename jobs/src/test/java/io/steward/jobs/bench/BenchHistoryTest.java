package io.steward.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.jobs.Cli;
import io.steward.jobs.TestData;
import io.steward.registry.testing.TestSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench --history-nights}: log tables of eight nights appended as a logger appends (four
 * commits a night, the labels of each day in a commit of their own), here partitioned by date
 * ({@code --layout date}; each layout's table is checked on its own), the measured night a Sunday
 * whose week window is computed, and before every run of it a batch of late labels for the seven
 * nights before, which the run recomputes; a second bench on the same folder reuses the data and
 * recomputes them again, and a third measures the Saturday before it ({@code --history-night
 * saturday}): a night's work alone, nothing recomputed.
 */
class BenchHistoryTest {
  @TempDir Path dir;

  static final List<String> SHAPE =
      List.of(
          "--rows",
          "2000",
          "--models",
          "1",
          "--numeric",
          "2",
          "--categorical",
          "1",
          "--history-nights",
          "8",
          "--layout",
          "date",
          "--rounds",
          "0");

  Cli.Run bench(String wh) {
    List<String> args = new ArrayList<>(List.of("bench", "--dir", dir.toString()));
    args.addAll(SHAPE);
    return Cli.run(wh, args.toArray(String[]::new));
  }

  static long version(String table) {
    return TestSpark.get().sql("DESCRIBE HISTORY delta.`" + table + "` LIMIT 1").first().getLong(0);
  }

  static String lastNightlyMessage(String wh) {
    return TestSpark.get()
        .sql(
            "SELECT message FROM delta.`"
                + wh
                + "/steward/job_runs` WHERE command = 'nightly' AND status = 'SUCCEEDED'"
                + " ORDER BY started_at DESC LIMIT 1")
        .first()
        .getString(0);
  }

  @Test
  void aHistoryOfNightsIsAppendedAndEveryRunOfItsSundayRecomputesTheLateLabelledNights() {
    String wh = TestData.initialisedWarehouse(dir.resolve("wh"));
    Cli.Run first = bench(wh);
    assertEquals(0, first.code(), first.toString());
    assertTrue(first.err().contains("bench: the previous nights' runs (2026-03-06)"), first.err());
    assertTrue(first.err().contains("bench: the previous nights' runs (2026-03-07)"), first.err());
    String log = dir.resolve("data/logs/bench_t0").toString();
    String labels = dir.resolve("data/logs/bench_t0_labels").toString();
    // The table's creation, then eight nights of four commits each; eight days of labels and
    // the batch of late ones.
    assertEquals(8 * 4, version(log));
    Row d = detail(log);
    assertEquals(List.of("event_date"), d.getList(d.fieldIndex("partitionColumns")));
    assertEquals(8, version(labels));
    List<Row> nights =
        TestSpark.get()
            .sql(
                "SELECT CAST(event_ts AS DATE) AS night, count(*) AS n FROM delta.`"
                    + log
                    + "` GROUP BY 1 ORDER BY 1")
            .collectAsList();
    assertEquals(8, nights.size(), nights.toString());
    assertEquals("2026-03-01", nights.get(0).get(0).toString());
    assertEquals("2026-03-08", nights.get(7).get(0).toString());
    assertTrue(nights.stream().allMatch(r -> r.getLong(1) == 2000), nights.toString());
    String message = lastNightlyMessage(wh);
    // The night and the seven it recomputes (2,000 rows each), the week the Sunday closes and
    // the week that 2026-03-01, a recomputed Sunday, closes.
    assertTrue(message.startsWith("16000 rows, 8 model-version night(s) in 2026-03-08"), message);
    assertTrue(message.contains(", 2 week window(s)"), message);
    assertTrue(message.contains("7 earlier night(s) recomputed for late labels"), message);
    assertTrue(!message.contains("bad input"), message);

    // The same shape again: the data is reused, a new batch of late labels arrives, and the run
    // recomputes the same nights.
    Cli.Run second = bench(wh);
    assertEquals(0, second.code(), second.toString());
    assertTrue(!second.err().contains("bench: generating"), second.err());
    assertEquals(8 * 4, version(log));
    assertEquals(9, version(labels));
    assertTrue(
        lastNightlyMessage(wh).contains("7 earlier night(s) recomputed for late labels"),
        lastNightlyMessage(wh));

    // The Saturday of the same data: no new generation, no late labels, and a run that does the
    // night's work alone (one night, no week, nothing recomputed).
    List<String> saturday = new ArrayList<>(List.of("bench", "--dir", dir.toString()));
    saturday.addAll(SHAPE);
    saturday.addAll(List.of("--history-night", "saturday"));
    Cli.Run third = Cli.run(wh, saturday.toArray(String[]::new));
    assertEquals(0, third.code(), third.toString());
    assertTrue(!third.err().contains("bench: generating"), third.err());
    assertEquals(9, version(labels), "no late labels arrive before the Saturday");
    String plain = lastNightlyMessage(wh);
    assertTrue(plain.startsWith("2000 rows, 1 model-version night(s) in 2026-03-07"), plain);
    assertTrue(!plain.contains("week window"), plain);
    assertTrue(!plain.contains("recomputed"), plain);
  }

  static Row detail(String table) {
    return TestSpark.get().sql("DESCRIBE DETAIL delta.`" + table + "`").first();
  }

  @Test
  void eachLayoutMakesItsTable() {
    for (LogLayout layout : LogLayout.values()) {
      BenchData data =
          new BenchData(
              dir.resolve(layout.cliName()).toString(),
              new BenchShape(2000, 1, 2, 1, 8, layout, HistoryNight.SUNDAY));
      data.createLog(TestSpark.get(), 0);
      data.createLog(TestSpark.get(), 0); // again: the earlier table is replaced, not refused
      Row d = detail(data.log(0));
      assertEquals(
          layout == LogLayout.DATE ? List.of("event_date") : List.of(),
          d.getList(d.fieldIndex("partitionColumns")),
          layout.cliName());
      assertEquals(
          layout == LogLayout.CLUSTERED ? List.of("event_ts") : List.of(),
          d.getList(d.fieldIndex("clusteringColumns")),
          layout.cliName());
      assertEquals(0, version(data.log(0)), layout.cliName());
    }
  }

  @Test
  void tooShortAHistoryIsOneLineAndExitTwo() {
    refused("between 8 and 400", "--history-nights", "3");
    refused("arrival without --history-nights", "--layout", "date");
    refused("one of: arrival, date, clustered", "--history-nights", "8", "--layout", "zorder");
    refused("sunday without --history-nights", "--history-night", "saturday");
    refused("one of: sunday, saturday", "--history-nights", "8", "--history-night", "friday");
  }

  /** {@code bench} with these options exits 2 with one line that names the option and this. */
  private void refused(String expected, String... options) {
    List<String> args = new ArrayList<>(List.of("bench", "--dir", dir.toString()));
    args.addAll(List.of(options));
    Cli.Run r = Cli.run(dir.resolve("wh").toString(), args.toArray(String[]::new));
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.lastErr().contains(options[options.length - 2]), r.lastErr());
    assertTrue(r.lastErr().contains(expected), r.lastErr());
  }
}
