package io.steward.jobs.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.common.domain.EventType;
import io.steward.common.errors.TrailMovedException;
import io.steward.jobs.Cli;
import io.steward.jobs.StewardContext;
import io.steward.registry.store.EventLog;
import io.steward.registry.store.Registry;
import io.steward.registry.store.RegistryRecords;
import io.steward.registry.testing.TestSpark;
import io.steward.registry.warehouse.Warehouse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two hosts sharing a warehouse, each with its own lock (so, for Steward, no lock): the trail's
 * numbers are claimed through Delta, so two writers never both record event N, a writer that
 * decided on a stale view decides again, and a change cut between its two commits is completed by
 * the next writer. The hosts are two registry views of one JVM, interleaved step by step where the
 * order matters, and two threads with the lock switched off where it is a race.
 */
class TrailRaceTest {
  @TempDir Path dir;

  private RegistryFixture f;
  private String lockSetting;

  @BeforeEach
  void setUp() {
    f = RegistryFixture.withCast(dir);
    lockSetting = System.getProperty("steward.warehouse.lock");
  }

  @AfterEach
  void restoreLock() {
    if (lockSetting == null) {
      System.clearProperty("steward.warehouse.lock");
    } else {
      System.setProperty("steward.warehouse.lock", lockSetting);
    }
  }

  private StewardContext ctx() {
    return new StewardContext(
        TestSpark.get(),
        new Warehouse(f.wh),
        "comm",
        new PrintWriter(new StringWriter()),
        new PrintWriter(new StringWriter()));
  }

  private List<RegistryRecords.Event> trail() {
    return EventLog.all(TestSpark.get(), new Warehouse(f.wh));
  }

  private static TransitionAction.Transition toDevelopment(String id, String reason) {
    return new TransitionAction.Transition(id, null, "DEVELOPMENT", reason, true, null);
  }

  /**
   * The race that forked the chain before the trail was claimed through Delta: host B decides while
   * host A records; B's view is stale, so B's claim of the same number fails and B records nothing.
   * Its command, run again, decides on A's state and is refused as the lifecycle says.
   */
  @Test
  void aWriterWhoseViewIsStaleRecordsNothingAndTheChainDoesNotFork() {
    f.register("race", "Race", "LOW");
    long before = trail().size();
    Governance hostA = Governance.of(ctx());
    Governance hostB = Governance.of(ctx());
    TransitionAction.transition(hostA, toDevelopment("race", "host A"));
    TrailMovedException moved =
        assertThrows(
            TrailMovedException.class,
            () -> TransitionAction.transition(hostB, toDevelopment("race", "host B")));
    assertTrue(moved.retryable(), moved.getMessage());
    assertTrue(
        moved
            .getMessage()
            .startsWith(
                "another process wrote event #" + (before + 1) + " of the lifecycle trail ("),
        moved.getMessage());
    assertTrue(moved.getMessage().contains("OVERRIDDEN by comm"), moved.getMessage());
    List<RegistryRecords.Event> events = trail();
    assertNull(EventLog.verify(events), "the chain is intact");
    assertEquals(before + 1, events.size(), "host B recorded nothing");
    assertEquals("host A", events.get(events.size() - 1).reason());
    assertEquals("DEVELOPMENT", f.stage("race"));

    // Host B's command again, on a fresh view: refused, and the refusal recorded after A's event.
    f.refused(
        "comm",
        "refused: move race from DEVELOPMENT to DEVELOPMENT; missing: the lifecycle does not go"
            + " from DEVELOPMENT to DEVELOPMENT (next is VALIDATION, or RETIRED)",
        "model",
        "transition",
        "--id",
        "race",
        "--to",
        "DEVELOPMENT",
        "--reason",
        "host B",
        "--override");
    assertNull(EventLog.verify(trail()));
  }

  /**
   * Two hosts moving two different models at once, with no lock: both changes land, each once, in
   * one unbroken chain (the second to claim decides again on the first's state).
   */
  @Test
  void twoHostsWithoutTheLockBothSucceedOnDifferentModels() throws Exception {
    f.register("one", "One", "LOW");
    f.register("two", "Two", "LOW");
    long before = trail().size();
    System.setProperty("steward.warehouse.lock", "off");
    List<Cli.Run> runs = race("one", "two");
    for (Cli.Run r : runs) {
      assertEquals(0, r.code(), r.toString());
    }
    List<RegistryRecords.Event> events = trail();
    assertNull(EventLog.verify(events), "the chain is intact");
    assertEquals(before + 2, events.size(), runs.toString());
    assertEquals("DEVELOPMENT", f.stage("one"));
    assertEquals("DEVELOPMENT", f.stage("two"));
  }

  /**
   * Two hosts moving the same model at once, with no lock: one moves it, the other is refused on
   * the new state (its first decision was never recorded), and the chain stays whole.
   */
  @Test
  void twoHostsWithoutTheLockOnOneModelOneWinsTheOtherIsRefused() throws Exception {
    f.register("race", "Race", "LOW");
    long before = trail().size();
    System.setProperty("steward.warehouse.lock", "off");
    List<Cli.Run> runs = race("race", "race");
    List<Integer> codes = runs.stream().map(Cli.Run::code).sorted().toList();
    assertEquals(List.of(0, 2), codes, runs.toString());
    List<RegistryRecords.Event> events = trail();
    assertNull(EventLog.verify(events), "the chain is intact");
    List<RegistryRecords.Event> added = events.subList((int) before, events.size());
    assertEquals(
        List.of(EventType.OVERRIDDEN.name(), EventType.REFUSED.name()),
        added.stream().map(RegistryRecords.Event::eventType).toList(),
        runs.toString());
    assertEquals("DEVELOPMENT", f.stage("race"));
  }

  private List<Cli.Run> race(String first, String second) throws Exception {
    CyclicBarrier start = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Cli.Run>> racers = new ArrayList<>();
      for (String id : List.of(first, second)) {
        racers.add(
            pool.submit(
                () -> {
                  start.await();
                  return Cli.runAs(
                      "comm",
                      f.wh,
                      "model",
                      "transition",
                      "--id",
                      id,
                      "--to",
                      "DEVELOPMENT",
                      "--reason",
                      "race",
                      "--override");
                }));
      }
      List<Cli.Run> runs = new ArrayList<>();
      for (Future<Cli.Run> r : racers) {
        runs.add(r.get());
      }
      return runs;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * A command that died between its two commits: the event (with the rows it writes) is on the
   * trail, the model's row is not. verify-trail says so; the next writing command completes the
   * change, then decides on the completed state; verify-trail is clean again.
   */
  @Test
  void aChangeCutBetweenItsTwoCommitsIsCompletedByTheNextWriter() {
    f.register("cut", "Cut", "LOW");
    f.register("other", "Other", "LOW");
    Warehouse w = new Warehouse(f.wh);
    Registry registry = new Registry(TestSpark.get(), w);
    RegistryRecords.Model m = registry.models().get("cut");
    Instant now = Instant.now();
    RegistryRecords.Model moved = m.withStage("DEVELOPMENT", null, now, "comm");
    // The event's commit alone, as a process killed right after it leaves the warehouse.
    String effect = io.steward.registry.store.Effect.toJson(List.of(registry.modelRow(moved)));
    EventLog.claim(
        TestSpark.get(),
        w,
        EventLog.Head.of(trail()),
        List.of(
            new RegistryRecords.NewEvent(
                "comm",
                EventType.OVERRIDDEN,
                "cut",
                null,
                "USE_CASE_APPROVAL",
                "DEVELOPMENT",
                "cut short",
                "gate overridden")),
        effect);
    long seq = trail().size();
    assertEquals("USE_CASE_APPROVAL", f.stage("cut"), "the row has not landed");

    Cli.Run verify = f.ok("val", "model", "verify-trail");
    assertTrue(
        verify
            .out()
            .contains(
                "pending: event #"
                    + seq
                    + " (OVERRIDDEN of cut) has not reached steward.models (a command ended"
                    + " between its two commits); the next writing command completes it"),
        verify.toString());

    Cli.Run next =
        f.ok(
            "comm",
            "model",
            "transition",
            "--id",
            "other",
            "--to",
            "DEVELOPMENT",
            "--reason",
            "next",
            "--override");
    assertTrue(
        next.err().contains("steward: event #" + seq + " of the lifecycle trail had not reached"),
        next.toString());
    assertEquals("DEVELOPMENT", f.stage("cut"), "completed by the next writer");
    assertEquals("DEVELOPMENT", f.stage("other"));
    Cli.Run clean = f.ok("val", "model", "verify-trail");
    assertTrue(!clean.out().contains("pending"), clean.toString());
    assertTrue(clean.out().contains("head " + (seq + 1) + ":"), clean.toString());
    assertNull(EventLog.verify(trail()));
  }
}
