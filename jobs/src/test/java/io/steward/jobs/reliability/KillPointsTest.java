package io.steward.jobs.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.jobs.ChildCli;
import io.steward.jobs.Cli;
import io.steward.jobs.TestData;
import io.steward.jobs.registry.RegistryFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 at random points of steward's writing commands. Each point starts the command in a child
 * JVM on a fresh copy of one small warehouse and SIGKILLs it at a seeded random point: after the
 * k-th progress line of a clean run (k drawn from 0, before the first line, to the last) plus a
 * random delay, so points fall early (start-up, lock, registry reads), in the middle and late
 * (commits). After each kill every table is readable, the next run of the same command (in this
 * JVM) succeeds and marks the killed run ABANDONED, and then the warehouse holds exactly what a
 * clean run leaves (ignoring run ids and times), the trail verifies with nothing pending and the
 * registry agrees with it.
 *
 * <p>Sizes ({@code -Dsteward.reliability.size}): {@code small}, in the test command, one point each
 * of nightly, baseline and a transition; {@code full} ({@code scripts/reliability}), 20 points
 * each, and 3 of the demo (each a few minutes). The seed ({@code -Dsteward.reliability.seed},
 * printed) replays every point; {@code -Dsteward.reliability.point=nightly:7} runs one.
 */
class KillPointsTest {
  @TempDir static Path dir;
  static RegistryFixture template;

  private static final Duration LIMIT = Duration.ofMinutes(10);

  /** The span of a child's start-up (JVM, Spark session, warehouse lock) a point may fall in. */
  private static final int START_SPAN_MS = 8000;

  /**
   * The span of a whole run of a command that prints no progress lines (a transition): about its
   * length in a child on this machine, so some points fall after it completed.
   */
  private static final int QUIET_SPAN_MS = 20000;

  private static final List<String> RESULTS =
      List.of(
          "feature_drift",
          "performance_metrics",
          "fairness_metrics",
          "operational_metrics",
          "shadow_comparisons");

  /** A command killed at random points: who runs it, and what of the warehouse it decides. */
  record Kind(
      String name,
      String user,
      List<String> args,
      List<String> tables,
      boolean exactEvents,
      boolean recordsRun,
      int smallPoints,
      int fullPoints,
      boolean fresh,
      int okCode) {}

  /** What a clean run of a kind printed and left. */
  record Reference(
      Set<String> phases, int lines, Map<String, List<String>> state, List<String> events) {}

  static final List<Kind> KINDS =
      List.of(
          new Kind(
              "nightly",
              "olivia",
              List.of("nightly", "--date", "2026-03-02"),
              RESULTS,
              false,
              true,
              1,
              20,
              false,
              0),
          new Kind(
              "baseline",
              "olivia",
              List.of("baseline", "--model", "card_limit"),
              List.of("baselines"),
              false,
              false,
              1,
              20,
              false,
              0),
          new Kind(
              "transition",
              "comm",
              List.of(
                  "model",
                  "transition",
                  "--id",
                  "m_a",
                  "--to",
                  "DEVELOPMENT",
                  "--reason",
                  "kill point",
                  "--override"),
              List.of("models"),
              true,
              false,
              1,
              20,
              false,
              0),
          // Each demo point builds the demo twice (the killed run and the next); 3 points keep the
          // full size within about 45 minutes. It exits 3 for the alerts it raises, by design.
          new Kind(
              "demo",
              TestData.ADMIN,
              List.of("demo", "--rows-per-day", "120", "--snapshot-rows", "2000"),
              RESULTS,
              false,
              true,
              0,
              3,
              true,
              3));

  @BeforeAll
  static void warehouse() {
    template = RegistryFixture.withCast(dir.resolve("template"));
    template.monitor("card_limit");
    template.register("m_a", "A", "LOW");
  }

  /** Lines compared without their figures (durations, counts) and paths (each point's own). */
  static String phase(String line) {
    return line.replaceAll("/[^\\s`']+", "/P").replaceAll("[0-9][0-9.,]*", "#");
  }

  static Reference reference(Kind k) {
    Path refDir = dir.resolve("ref-" + k.name());
    if (!k.fresh()) {
      TestData.copyTree(template.dir, refDir);
    }
    String wh = refDir.resolve("wh").toString();
    Cli.Run clean = Cli.runAs(k.user(), wh, k.args().toArray(String[]::new));
    assertEquals(k.okCode(), clean.code(), clean.toString());
    List<String> lines = clean.err().lines().toList();
    Set<String> phases = new HashSet<>();
    lines.forEach(l -> phases.add(phase(l)));
    return new Reference(
        phases, lines.size(), Reliability.state(wh, k.tables()), Reliability.events(wh));
  }

  @Test
  void killedRunsLeaveEveryTableReadableAndTheNextRunCompletesTheWork() throws Exception {
    long seed = Reliability.begin("kill");
    boolean full = Reliability.full();
    String only = System.getProperty("steward.reliability.point", "");
    int tried = 0;
    List<String> failures = new ArrayList<>();
    for (int ki = 0; ki < KINDS.size(); ki++) {
      Kind k = KINDS.get(ki);
      int points = full ? k.fullPoints() : k.smallPoints();
      Reference ref = null;
      for (int p = 1; p <= points; p++) {
        if (!only.isEmpty() && !only.equals(k.name() + ":" + p)) {
          continue;
        }
        if (ref == null) {
          ref = reference(k);
        }
        tried++;
        Random r = new Random(seed * 1_000_003L + ki * 1000L + p);
        String outcome;
        try {
          outcome = point(k, p, r, ref);
        } catch (AssertionError | RuntimeException e) {
          outcome = "FAILED: " + e.getMessage();
          failures.add(k.name() + " point " + p + ": " + e.getMessage());
        }
        Reliability.figure("kill", k.name() + " point " + p + " " + outcome);
      }
    }
    Reliability.figure(
        "kill", tried + " points tried, " + (tried - failures.size()) + " passed, seed " + seed);
    assertTrue(failures.isEmpty(), String.join("\n", failures));
    assertTrue(tried > 0, "no point ran (steward.reliability.point=" + only + ")");
  }

  /** One kill point: kill, check, rerun, check; returns the figure line's outcome. */
  static String point(Kind k, int p, Random r, Reference ref) throws Exception {
    Path pointDir = dir.resolve(k.name() + "-" + p);
    if (!k.fresh()) {
      TestData.copyTree(template.dir, pointDir);
    }
    String wh = pointDir.resolve("wh").toString();
    int after = r.nextInt(ref.lines() + 1);
    // Before the first line: anywhere in the JVM's and Spark's start-up (for a command that prints
    // no progress, anywhere in its run); after one: up to 1.5 s on.
    int delayMs =
        after > 0 ? r.nextInt(1500) : r.nextInt(ref.lines() == 0 ? QUIET_SPAN_MS : START_SPAN_MS);
    Predicate<String> counted = l -> ref.phases().contains(phase(l));
    ChildCli child = ChildCli.start(k.user(), wh, Map.of(), k.args().toArray(String[]::new));
    boolean reached = after == 0 || child.awaitLines(after, counted, LIMIT);
    if (reached) {
      Thread.sleep(delayMs); // the seeded random point itself, not a wait for something
    }
    boolean ended = child.awaitEnd(Duration.ZERO);
    double at = child.seconds();
    child.kill();
    List<String> seen = child.lines().stream().filter(counted).toList();
    String phaseSeen = seen.isEmpty() ? "start-up" : seen.get(seen.size() - 1);
    String where =
        String.format(
            "at %s (line %d of %d + %d ms, phase '%s')",
            Reliability.secs(at), after, ref.lines(), delayMs, phaseSeen);
    if (ended) {
      int code = child.exitCode(Duration.ZERO);
      assertEquals(
          k.okCode(), code, "the child ended by itself before the kill:\n" + child.output());
    }

    Reliability.allReadable(wh, k.fresh(), template.log, template.training);
    Map<String, Long> statuses =
        Reliability.exists(wh, "job_runs") ? Reliability.runStatuses(wh) : Map.of();
    long running = statuses.getOrDefault("RUNNING", 0L);
    assertTrue(running <= 1, "job_runs after the kill: " + statuses);
    List<String> eventsBefore = Reliability.events(wh);

    Cli.Run next = Cli.runAs(k.user(), wh, k.args().toArray(String[]::new));
    String rerun;
    if (next.code() == k.okCode()) {
      rerun = "next run ok";
    } else {
      // Only a transition the killed run had recorded is refused, by the lifecycle, once.
      assertTrue(
          k.exactEvents() && eventsBefore.size() == ref.events().size(),
          "the next run failed:\n" + next);
      assertEquals(2, next.code(), next.toString());
      assertEquals(1, next.err().lines().count(), next.toString());
      assertTrue(
          next.lastErr().contains("the lifecycle does not go from DEVELOPMENT to DEVELOPMENT"),
          next.toString());
      rerun = "the killed run had completed it; next run refused by the lifecycle";
    }
    if (running == 1) {
      assertTrue(next.err().contains("marked 1 run ABANDONED: "), next.toString());
      rerun += ", killed run marked ABANDONED";
    }
    Map<String, Long> finalStatuses = Reliability.runStatuses(wh);
    assertEquals(0L, finalStatuses.getOrDefault("RUNNING", 0L), finalStatuses.toString());
    if (k.recordsRun()) {
      assertTrue(finalStatuses.getOrDefault("SUCCEEDED", 0L) >= 1, finalStatuses.toString());
    }

    assertEquals(ref.state(), Reliability.state(wh, k.tables()), "tables against a clean run");
    List<String> events = Reliability.events(wh);
    if (k.exactEvents()) {
      assertEquals(ref.events(), events, "the trail against a clean run");
    } else {
      assertEquals(Set.copyOf(ref.events()), Set.copyOf(events), "the trail against a clean run");
    }
    Reliability.trailIntact(wh);
    TestData.deleteTree(pointDir);
    return where + ": " + (ended ? "completed before the kill" : "killed") + "; " + rerun + ": ok";
  }
}
