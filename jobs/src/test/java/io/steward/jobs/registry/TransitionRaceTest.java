package io.steward.jobs.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.jobs.Cli;
import io.steward.registry.testing.TestSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two writers racing one transition: one wins, the other is refused or locked out. The racers are
 * two threads of this JVM released together, each running the command line as the committee; the
 * warehouse lock keeps them apart as it keeps two processes apart (WarehouseLockTest proves that
 * another process holding the lock is named and that a kill releases it).
 */
class TransitionRaceTest {
  @TempDir Path dir;

  @Test
  void twoWritersRacingOneTransitionOneWins() throws Exception {
    RegistryFixture f = RegistryFixture.withCast(dir);
    f.register("race", "Race", "LOW");
    CyclicBarrier start = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Cli.Run> runs = new ArrayList<>();
    try {
      List<Future<Cli.Run>> racers = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        String reason = "racer " + i;
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
                      "race",
                      "--to",
                      "DEVELOPMENT",
                      "--reason",
                      reason,
                      "--override");
                }));
      }
      for (Future<Cli.Run> racer : racers) {
        runs.add(racer.get());
      }
    } finally {
      pool.shutdownNow();
    }
    List<Integer> codes = runs.stream().map(Cli.Run::code).toList();
    assertEquals(Set.of(0, 2), Set.copyOf(codes), runs.toString());
    Cli.Run loser = runs.get(codes.indexOf(2));
    assertEquals(1, loser.err().lines().count(), loser.toString());
    assertTrue(
        loser.lastErr().contains("is locked by another steward process")
            || loser
                .lastErr()
                .equals(
                    "steward: error: refused: move race from DEVELOPMENT to DEVELOPMENT; missing:"
                        + " the lifecycle does not go from DEVELOPMENT to DEVELOPMENT (next is"
                        + " VALIDATION, or RETIRED)"),
        loser.toString());
    assertEquals(
        1L,
        TestSpark.get()
            .sql(
                "SELECT count(*) FROM steward.lifecycle_events WHERE model_id = 'race'"
                    + " AND event_type = 'OVERRIDDEN' AND to_stage = 'DEVELOPMENT'")
            .first()
            .getLong(0));
    assertEquals("DEVELOPMENT", f.stage("race"));
  }
}
