package io.steward.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.common.domain.Granularity;
import io.steward.jobs.Cli;
import io.steward.jobs.TestData;
import io.steward.registry.store.JobRun;
import io.steward.registry.store.JobRunStore;
import io.steward.registry.testing.TestSpark;
import io.steward.registry.warehouse.Identity;
import io.steward.registry.warehouse.LockHolder;
import io.steward.registry.warehouse.Warehouse;
import io.steward.registry.warehouse.WarehouseLock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run whose process died leaves its job_runs row RUNNING; the next writing command, which takes
 * the warehouse lock over from the dead holder, marks it ABANDONED with the holder's host, pid and
 * last progress line, and says so in one line; readers never mark. The dead holder is a real
 * process ({@link LockHolder}) killed with SIGKILL while holding the lock, after reporting its
 * phase; the runs it "was running" are RUNNING rows recorded as nightly records them.
 */
class AbandonedRunsCommandTest {
  private static final String PHASE = "nightly 2026-03-02: scanning 1 log table(s)";

  @TempDir Path dir;

  private static JobRun running(String id, Instant started, String night) {
    return JobRun.builder(id, "nightly", started)
        .models(List.of("m1"))
        .window(
            Granularity.DAY,
            Instant.parse(night + "T00:00:00Z"),
            Instant.parse(night + "T00:00:00Z").plus(1, ChronoUnit.DAYS))
        .message("computing drift, performance, fairness and operations for " + night)
        .ranBy("ops", Identity.host(), "test")
        .build();
  }

  private static Row row(String wh, String runId) {
    return TestSpark.get()
        .sql(
            "SELECT status, message, finished_at, duration_ms, models, window_start FROM delta.`"
                + wh
                + "/steward/job_runs` WHERE run_id = '"
                + runId
                + "'")
        .first();
  }

  private String create(String name) {
    return "CREATE TABLE delta.`" + dir.resolve(name) + "` (a INT) USING delta";
  }

  @Test
  void theNextWriterMarksTheDeadHoldersRunsAbandonedOnce() throws Exception {
    String wh = TestData.initialisedWarehouse(dir.resolve("wh"));
    Warehouse w = new Warehouse(wh);
    // A run that died earlier, its lock since taken and released by others, and the dead
    // holder's own run, recorded after it took the lock.
    JobRun earlier = running("run-earlier", Instant.now().minus(1, ChronoUnit.DAYS), "2026-03-01");
    JobRunStore.start(TestSpark.get(), w, earlier);
    Process holder = LockHolder.start(wh, PHASE);
    JobRun killed = running("run-killed", Instant.now(), "2026-03-02");
    JobRunStore.start(TestSpark.get(), w, killed);
    holder.destroyForcibly().waitFor();

    Cli.Run read =
        Cli.run(
            wh,
            "sql",
            "SELECT status FROM steward.job_runs WHERE run_id = 'run-killed'",
            "--format",
            "csv");
    assertEquals(0, read.code(), read.toString());
    assertEquals("status\nRUNNING\n", read.out(), read.toString());
    assertFalse(read.err().contains("ABANDONED"), read.toString());
    assertEquals("RUNNING", row(wh, "run-killed").getString(0));

    Cli.Run write = Cli.run(wh, "sql", create("t1"));
    assertEquals(0, write.code(), write.toString());
    List<String> lines = write.err().lines().toList();
    assertEquals(2, lines.size(), write.toString());
    assertEquals("OK", lines.get(1), write.toString());
    String said = lines.get(0);
    assertTrue(said.startsWith("marked 2 runs ABANDONED: "), said);
    assertTrue(
        said.contains(
            "nightly run run-earlier started "
                + earlier.startedAt().truncatedTo(ChronoUnit.SECONDS)
                + " on "
                + Identity.host()
                + " in phase 'computing drift, performance, fairness and operations for"
                + " 2026-03-01'"),
        said);
    assertTrue(
        said.contains(
            "nightly run run-killed started "
                + killed.startedAt().truncatedTo(ChronoUnit.SECONDS)
                + " on "
                + Identity.host()
                + " (pid "
                + holder.pid()
                + ") in phase '"
                + PHASE
                + "'"),
        said);

    Row k = row(wh, "run-killed");
    assertEquals("ABANDONED", k.getString(0));
    assertEquals(
        "abandoned: its process (host "
            + Identity.host()
            + ", pid "
            + holder.pid()
            + ") ended without recording the run's end; its last phase: "
            + PHASE,
        k.getString(1));
    assertNotNull(k.get(2));
    assertNotNull(k.get(3));
    assertEquals(List.of("m1"), k.getList(4));
    assertEquals(
        Instant.parse("2026-03-02T00:00:00Z"), k.getTimestamp(5).toInstant(), "the run is kept");
    Row e = row(wh, "run-earlier");
    assertEquals("ABANDONED", e.getString(0));
    assertEquals(
        "abandoned: its process (host "
            + Identity.host()
            + ") ended without recording the run's end; its last phase: computing drift,"
            + " performance, fairness and operations for 2026-03-01",
        e.getString(1));
    assertEquals(2L, rows(wh), "replaced, not added");

    // The command released the lock cleanly: the next writer finds nothing to mark.
    long version = version(wh);
    Cli.Run again = Cli.run(wh, "sql", create("t2"));
    assertEquals(0, again.code(), again.toString());
    assertEquals("OK\n", again.err(), again.toString());
    assertEquals(version, version(wh));
    assertEquals(k.get(2), row(wh, "run-killed").get(2));
  }

  @Test
  void aFailureToMarkIsAWarningAndTheCommandGoesOn() throws IOException {
    String wh = TestData.initialisedWarehouse(dir.resolve("wh"));
    JobRunStore.start(
        TestSpark.get(), new Warehouse(wh), running("run-killed", Instant.now(), "2026-03-02"));
    // job_runs cannot be read: its one data file is garbage.
    try (Stream<Path> files = Files.list(Path.of(wh, "steward", "job_runs"))) {
      for (Path p : files.filter(p -> p.toString().endsWith(".parquet")).toList()) {
        Files.writeString(p, "not parquet");
      }
    }
    // A holder that died: its note is still in the lock file, which nobody holds.
    Files.writeString(
        Path.of(wh, WarehouseLock.FILE_NAME),
        "steward nightly 2026-03-02, pid 4242, user ops, host "
            + Identity.host()
            + ", since "
            + Instant.now().minusSeconds(60)
            + "\nlast: "
            + PHASE
            + "\n",
        StandardCharsets.UTF_8);
    Cli.Run write = Cli.run(wh, "sql", create("t1"));
    assertEquals(0, write.code(), write.toString());
    List<String> lines = write.err().lines().toList();
    assertEquals(2, lines.size(), write.toString());
    assertTrue(
        lines
            .get(0)
            .startsWith(
                "warning: could not mark the runs of a steward process that died holding the lock"
                    + " (steward nightly 2026-03-02, pid 4242, user ops, host "
                    + Identity.host()),
        lines.get(0));
    assertTrue(lines.get(0).contains("; last: " + PHASE + ") as ABANDONED: "), lines.get(0));
    assertTrue(lines.get(0).endsWith("; they stay RUNNING in steward.job_runs"), lines.get(0));
    assertEquals("OK", lines.get(1), write.toString());
  }

  private static long rows(String wh) {
    return TestSpark.get()
        .sql("SELECT count(*) FROM delta.`" + wh + "/steward/job_runs`")
        .first()
        .getLong(0);
  }

  private static long version(String wh) {
    return TestSpark.get()
        .sql("DESCRIBE HISTORY delta.`" + wh + "/steward/job_runs`")
        .first()
        .getLong(0);
  }
}
