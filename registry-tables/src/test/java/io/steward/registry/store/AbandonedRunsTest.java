package io.steward.registry.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.steward.registry.warehouse.HolderNote;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AbandonedRunsTest {
  private static final Instant SINCE = Instant.parse("2026-03-03T02:30:00Z");
  private static final Instant NOW = Instant.parse("2026-03-03T09:00:00Z");
  private static final HolderNote DIED =
      new HolderNote(
          "steward nightly 2026-03-02, pid 4242, user ops, host batch-1, since " + SINCE,
          4242L,
          "batch-1",
          SINCE,
          "nightly 2026-03-02: scanning 2 log table(s)");

  private static JobRun running(String id, String host, Instant started, String message) {
    return JobRun.builder(id, "nightly", started)
        .message(message)
        .ranBy("ops", host, "0.1.0")
        .build();
  }

  @Test
  void theDeadHoldersLatestRunGetsItsPidAndLastPhase() {
    JobRun run = running("r1", "batch-1", SINCE.plusSeconds(2), "computing for 2026-03-02");
    List<AbandonedRuns.Marked> marked = AbandonedRuns.mark(List.of(run), Optional.of(DIED), NOW);
    assertEquals(1, marked.size());
    AbandonedRuns.Marked m = marked.get(0);
    assertEquals(4242L, m.pid());
    assertEquals(JobRun.Status.ABANDONED, m.run().status());
    assertEquals(NOW, m.run().finishedAt());
    assertEquals(23_398_000L, m.run().durationMs());
    assertEquals(
        "abandoned: its process (host batch-1, pid 4242) ended without recording the run's end;"
            + " its last phase: nightly 2026-03-02: scanning 2 log table(s)",
        m.run().message());
    assertNull(m.run().error());
    assertEquals(
        "marked 1 run ABANDONED: nightly run r1 started 2026-03-03T02:30:02Z on batch-1"
            + " (pid 4242) in phase 'nightly 2026-03-02: scanning 2 log table(s)'",
        AbandonedRuns.summary(marked));
  }

  @Test
  void runsOfEarlierDeathsOrOtherHostsKeepTheirOwnMessageAndNoPid() {
    JobRun earlier = running("r0", "batch-1", SINCE.minusSeconds(3600), "computing for 03-01");
    JobRun elsewhere = running("r2", "batch-2", SINCE.plusSeconds(5), "auditing the traffic");
    JobRun first = running("r3", "batch-1", SINCE.plusSeconds(1), "computing for 03-02");
    JobRun latest = running("r4", "batch-1", SINCE.plusSeconds(9), "computing for 03-03");
    List<AbandonedRuns.Marked> marked =
        AbandonedRuns.mark(List.of(earlier, elsewhere, first, latest), Optional.of(DIED), NOW);
    assertEquals(
        List.of("r0", "r3", "r2", "r4"), marked.stream().map(m -> m.run().runId()).toList());
    assertNull(marked.get(0).pid());
    assertEquals("computing for 03-01", marked.get(0).phase());
    assertEquals(
        "abandoned: its process (host batch-1) ended without recording the run's end;"
            + " its last phase: computing for 03-01",
        marked.get(0).run().message());
    assertNull(marked.get(2).pid());
    assertEquals("auditing the traffic", marked.get(2).phase());
    // The dead holder ran both: its pid is theirs, its last line only the latest's.
    assertEquals(4242L, marked.get(1).pid());
    assertEquals("computing for 03-02", marked.get(1).phase());
    assertEquals(4242L, marked.get(3).pid());
    assertEquals("nightly 2026-03-02: scanning 2 log table(s)", marked.get(3).phase());
    assertEquals(
        "marked 4 runs ABANDONED: nightly run r0 started 2026-03-03T01:30:00Z on batch-1 in phase"
            + " 'computing for 03-01'; nightly run r3 started 2026-03-03T02:30:01Z on batch-1"
            + " (pid 4242) in phase 'computing for 03-02'; nightly run r2 started"
            + " 2026-03-03T02:30:05Z on batch-2 in phase 'auditing the traffic'; nightly run r4"
            + " started 2026-03-03T02:30:09Z on batch-1 (pid 4242) in phase 'nightly 2026-03-02:"
            + " scanning 2 log table(s)'",
        AbandonedRuns.summary(marked));
  }

  @Test
  void aNoteWithoutHostNamesNoPid() {
    HolderNote old =
        new HolderNote("steward init, pid 77, user ops, since " + SINCE, 77L, null, SINCE, null);
    JobRun run = running("r1", "batch-1", SINCE.plusSeconds(2), "computing for 2026-03-02");
    AbandonedRuns.Marked m = AbandonedRuns.mark(List.of(run), Optional.of(old), NOW).get(0);
    assertNull(m.pid());
    assertEquals("computing for 2026-03-02", m.phase());
  }
}
