package io.steward.jobs.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.jobs.Cli;
import io.steward.registry.tables.StewardTables;
import io.steward.registry.tables.TableDef;
import io.steward.registry.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What the reliability suite shares: its size and seed (system properties {@code
 * steward.reliability.size}, {@code small} or {@code full}, and {@code steward.reliability.seed}),
 * the figure lines it prints ({@code reliability: ...}, collected by {@code scripts/reliability}),
 * and the checks every case ends with: every table readable, the state of a warehouse compared with
 * a clean run's ignoring run ids and times, and an intact trail with nothing pending.
 */
final class Reliability {
  private Reliability() {}

  static final long DEFAULT_SEED = 20261208L;

  static boolean full() {
    String size = System.getProperty("steward.reliability.size", "small");
    if (!size.equals("small") && !size.equals("full")) {
      throw new IllegalArgumentException(
          "steward.reliability.size is '" + size + "' but must be small or full");
    }
    return size.equals("full");
  }

  static long seed() {
    return Long.parseLong(
        System.getProperty("steward.reliability.seed", Long.toString(DEFAULT_SEED)));
  }

  /** A figure line, on stdout (the surefire report's output file keeps it). */
  /** Prints a suite's first figure line, its size and seed, and returns the seed. */
  static long begin(String suite) {
    long seed = seed();
    figure(
        suite,
        "size " + (full() ? "full" : "small") + ", seed " + seed + " (-Dsteward.reliability.seed)");
    return seed;
  }

  static void figure(String suite, String text) {
    System.out.println("reliability: " + suite + ": " + text);
    System.out.flush();
  }

  static String secs(double s) {
    return String.format(Locale.ROOT, "%.1f s", s);
  }

  /**
   * Every steward table of {@code wh}, and each source table, is read to its end; with {@code
   * partial} (a warehouse whose init was killed) the steward tables not created yet are skipped.
   */
  static void allReadable(String wh, boolean partial, String... sources) {
    for (TableDef t : StewardTables.ALL) {
      if (partial && !exists(wh, t.name())) {
        continue;
      }
      TestSpark.get().read().format("delta").load(wh + "/steward/" + t.name()).count();
    }
    for (String s : sources) {
      TestSpark.get().read().format("delta").load(s).count();
    }
  }

  /** The rows of a steward table without what differs between two runs: ids and times. */
  static List<String> rows(String wh, String table) {
    Dataset<Row> d = TestSpark.get().read().format("delta").load(wh + "/steward/" + table);
    List<String> drop = new ArrayList<>();
    for (String c : d.columns()) {
      if (c.equals("run_id")
          || c.equals("baseline_id")
          || c.equals("event_id")
          || c.equals("alert_id")
          || c.equals("trigger_id")
          || c.equals("at")
          || c.endsWith("_at")) {
        drop.add(c);
      }
    }
    List<String> out = new ArrayList<>();
    for (Row r : d.drop(drop.toArray(String[]::new)).collectAsList()) {
      out.add(r.toString());
    }
    out.sort(null);
    return out;
  }

  static boolean exists(String wh, String table) {
    return Files.isDirectory(Path.of(wh, "steward", table, "_delta_log"));
  }

  /** The trail's events but refusals, as who did what to which model, in order. */
  static List<String> events(String wh) {
    List<String> out = new ArrayList<>();
    if (!exists(wh, "lifecycle_events")) {
      return out;
    }
    for (Row r :
        TestSpark.get()
            .sql(
                "SELECT actor, event_type, model_id, version, from_stage, to_stage, reason FROM"
                    + " delta.`"
                    + wh
                    + "/steward/lifecycle_events` WHERE event_type <> 'REFUSED' ORDER BY seq")
            .collectAsList()) {
      out.add(r.toString());
    }
    return out;
  }

  /** The named tables' rows, by table. */
  static Map<String, List<String>> state(String wh, List<String> tables) {
    Map<String, List<String>> out = new TreeMap<>();
    for (String t : tables) {
      out.put(t, rows(wh, t));
    }
    return out;
  }

  /** Runs of job_runs by status. */
  static Map<String, Long> runStatuses(String wh) {
    Map<String, Long> out = new TreeMap<>();
    for (Row r :
        TestSpark.get()
            .sql("SELECT status, count(*) FROM delta.`" + wh + "/steward/job_runs` GROUP BY status")
            .collectAsList()) {
      out.put(r.getString(0), r.getLong(1));
    }
    return out;
  }

  /**
   * verify-trail exits 0 with an intact chain and nothing pending, and each model's stage in the
   * registry is the last stage the trail moved it to.
   */
  static void trailIntact(String wh) {
    Cli.Run v = Cli.run(wh, "model", "verify-trail");
    assertEquals(0, v.code(), v.toString());
    assertTrue(v.out().startsWith("trail intact: "), v.toString());
    assertFalse(v.out().contains("pending:"), v.toString());
    Map<String, String> lastStage = new TreeMap<>();
    for (Row r :
        TestSpark.get()
            .sql(
                "SELECT model_id, to_stage FROM delta.`"
                    + wh
                    + "/steward/lifecycle_events` WHERE version IS NULL AND to_stage IS NOT NULL"
                    + " AND model_id IS NOT NULL AND event_type <> 'REFUSED' ORDER BY seq")
            .collectAsList()) {
      lastStage.put(r.getString(0), r.getString(1));
    }
    Map<String, String> stages = new TreeMap<>();
    for (Row r :
        TestSpark.get()
            .sql("SELECT model_id, stage FROM delta.`" + wh + "/steward/models`")
            .collectAsList()) {
      stages.put(r.getString(0), r.getString(1));
    }
    for (Map.Entry<String, String> e : lastStage.entrySet()) {
      assertEquals(
          e.getValue(),
          stages.get(e.getKey()),
          "model " + e.getKey() + ": registry against trail " + Arrays.asList(lastStage, stages));
    }
  }
}
