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
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two steward processes at once on one warehouse: each pair of commands runs as two child JVMs
 * started together (the second after a seeded delay of up to 2 s), on a fresh copy of one small
 * warehouse, with the warehouse lock on (one host), on with {@code --wait-lock}, or off ({@code
 * STEWARD_WAREHOUSE_LOCK=off}: two hosts, each with its own lock). Each pair must end as {@code
 * docs/operations.md} says: both correct, or exactly one refused with one {@code steward: error:}
 * line and exit 2 while the other's work is complete; the tables then hold what the same commands
 * run one after the other leave (nothing lost or doubled), no run is left RUNNING, and the trail
 * verifies with nothing pending.
 *
 * <p>Sizes: {@code small} (the test command) runs the two lock-off pairs that race hardest (two
 * nightlies of one night, two transitions of one model); {@code full} runs all nine.
 */
class ConcurrencyMatrixTest {
  @TempDir static Path dir;
  static RegistryFixture template;

  private static final Duration LIMIT = Duration.ofMinutes(10);
  private static final Map<String, String> LOCK_OFF = Map.of("STEWARD_WAREHOUSE_LOCK", "off");
  private static final String LOCKED = "is locked by another steward process";
  private static final String OVERTAKEN = "steward: error: a run that started later (at ";
  private static final String SAME_STAGE =
      "the lifecycle does not go from DEVELOPMENT to DEVELOPMENT";
  private static final List<String> RESULTS =
      List.of(
          "feature_drift",
          "performance_metrics",
          "fairness_metrics",
          "operational_metrics",
          "shadow_comparisons",
          "models");

  /** One side of a pair: who runs what. */
  record Side(String user, List<String> args) {
    static Side nightly(String date, String... more) {
      List<String> a = new ArrayList<>(List.of("nightly", "--date", date));
      a.addAll(List.of(more));
      return new Side("olivia", a);
    }

    static Side transition(String model) {
      return new Side(
          "comm",
          List.of(
              "model",
              "transition",
              "--id",
              model,
              "--to",
              "DEVELOPMENT",
              "--reason",
              "matrix",
              "--override"));
    }
  }

  /**
   * A pair: its two sides, the environment both run in, whether both must succeed, and which
   * refusals of one side are clean ones.
   */
  record Pair(
      String name,
      Side a,
      Side b,
      Map<String, String> env,
      boolean bothSucceed,
      List<String> refusals,
      boolean small) {}

  static final List<Pair> PAIRS =
      List.of(
          new Pair(
              "two nightlies of one night, lock on",
              Side.nightly("2026-03-02"),
              Side.nightly("2026-03-02"),
              Map.of(),
              false,
              List.of(LOCKED),
              false),
          new Pair(
              "two nightlies of one night, lock on, --wait-lock",
              Side.nightly("2026-03-02", "--wait-lock", "10m"),
              Side.nightly("2026-03-02", "--wait-lock", "10m"),
              Map.of(),
              true,
              List.of(),
              false),
          new Pair(
              "two nightlies of different nights, lock on",
              Side.nightly("2026-03-02"),
              Side.nightly("2026-03-03"),
              Map.of(),
              false,
              List.of(LOCKED),
              false),
          new Pair(
              "two nightlies of different nights, lock on, --wait-lock",
              Side.nightly("2026-03-02", "--wait-lock", "10m"),
              Side.nightly("2026-03-03", "--wait-lock", "10m"),
              Map.of(),
              true,
              List.of(),
              false),
          new Pair(
              "nightly and a transition, lock on",
              Side.nightly("2026-03-02"),
              Side.transition("m_a"),
              Map.of(),
              false,
              List.of(LOCKED),
              false),
          new Pair(
              "two transitions of one model, lock on",
              Side.transition("m_a"),
              Side.transition("m_a"),
              Map.of(),
              false,
              List.of(LOCKED, SAME_STAGE),
              false),
          new Pair(
              "two transitions of one model, lock off (two hosts)",
              Side.transition("m_a"),
              Side.transition("m_a"),
              LOCK_OFF,
              false,
              List.of(SAME_STAGE),
              true),
          new Pair(
              "two transitions of different models, lock off (two hosts)",
              Side.transition("m_a"),
              Side.transition("m_b"),
              LOCK_OFF,
              true,
              List.of(),
              false),
          new Pair(
              "two nightlies of one night, lock off (two hosts)",
              Side.nightly("2026-03-02"),
              Side.nightly("2026-03-02"),
              LOCK_OFF,
              false,
              List.of(OVERTAKEN),
              true));

  @BeforeAll
  static void warehouse() {
    template = RegistryFixture.withCast(dir.resolve("template"));
    template.monitor("card_limit");
    template.register("m_a", "A", "LOW");
    template.register("m_b", "B", "LOW");
  }

  @Test
  void twoProcessesAtOnceEndBothCorrectOrOneCleanlyRefused() throws Exception {
    long seed = Reliability.begin("matrix");
    boolean full = Reliability.full();
    int tried = 0;
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < PAIRS.size(); i++) {
      Pair pair = PAIRS.get(i);
      if (!full && !pair.small()) {
        continue;
      }
      tried++;
      String outcome;
      try {
        outcome = run(i, pair, new Random(seed * 1_000_003L + 500 + i));
      } catch (AssertionError | RuntimeException e) {
        outcome = "FAILED: " + e.getMessage();
        failures.add(pair.name() + ": " + e.getMessage());
      }
      Reliability.figure("matrix", pair.name() + ": " + outcome);
    }
    Reliability.figure(
        "matrix", tried + " pairs tried, " + (tried - failures.size()) + " passed, seed " + seed);
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  /** The warehouse the pair's commands leave when run one after the other, a then b. */
  static String serial(int i, Pair pair) {
    Path d = dir.resolve("serial-" + i);
    TestData.copyTree(template.dir, d);
    String wh = d.resolve("wh").toString();
    for (Side s : List.of(pair.a(), pair.b())) {
      Cli.Run r = Cli.runAs(s.user(), wh, s.args().toArray(String[]::new));
      assertTrue(
          r.code() == 0 || (!pair.bothSucceed() && r.code() == 2), "serial run: " + r.toString());
    }
    return wh;
  }

  static String run(int i, Pair pair, Random r) throws Exception {
    Path d = dir.resolve("pair-" + i);
    TestData.copyTree(template.dir, d);
    String wh = d.resolve("wh").toString();
    int staggerMs = r.nextInt(2000);
    ChildCli a =
        ChildCli.start(pair.a().user(), wh, pair.env(), pair.a().args().toArray(String[]::new));
    Thread.sleep(staggerMs); // the seeded offset between the two starts, part of the case
    ChildCli b =
        ChildCli.start(pair.b().user(), wh, pair.env(), pair.b().args().toArray(String[]::new));
    int codeA = a.exitCode(LIMIT);
    int codeB = b.exitCode(LIMIT);
    String what = "b started " + staggerMs + " ms after a; exits " + codeA + "/" + codeB;

    List<String> refused = new ArrayList<>();
    for (ChildCli c : List.of(a, b)) {
      int code = c == a ? codeA : codeB;
      if (code == 0) {
        assertTrue(c.errorLines().isEmpty(), c.output());
        continue;
      }
      assertTrue(
          !pair.bothSucceed() && code == 2, "a side failed (exit " + code + "):\n" + c.output());
      List<String> errors = c.errorLines();
      assertEquals(1, errors.size(), c.output());
      assertTrue(
          pair.refusals().stream().anyMatch(errors.get(0)::contains),
          "not a documented refusal: " + errors.get(0));
      refused.add(errors.get(0));
    }
    assertTrue(refused.size() <= 1, "both sides refused: " + refused);

    Reliability.allReadable(wh, false, template.log, template.training);
    Map<String, Long> statuses = Reliability.runStatuses(wh);
    assertEquals(0L, statuses.getOrDefault("RUNNING", 0L), statuses.toString());
    long nightliesOk =
        (pair.a().args().get(0).equals("nightly") && codeA == 0 ? 1 : 0)
            + (pair.b().args().get(0).equals("nightly") && codeB == 0 ? 1 : 0);
    assertEquals(
        nightliesOk, (long) statuses.getOrDefault("SUCCEEDED", 0L), "job_runs " + statuses);

    // Nothing lost or doubled: the tables hold what the commands that succeeded leave when run
    // one after the other.
    String expected = serialOf(i, pair, codeA == 0, codeB == 0);
    assertEquals(Reliability.state(expected, RESULTS), Reliability.state(wh, RESULTS), "tables");
    assertEquals(Reliability.events(expected), Reliability.events(wh), "the trail");
    Reliability.trailIntact(wh);
    TestData.deleteTree(d);
    return what
        + (refused.isEmpty() ? ", both succeeded" : ", one refused: " + refused.get(0))
        + ": ok";
  }

  /** A serial run of the sides that succeeded (a side refused by the lock did nothing). */
  static String serialOf(int i, Pair pair, boolean aOk, boolean bOk) {
    if (aOk && bOk) {
      return serial(i, pair);
    }
    Side only = aOk ? pair.a() : pair.b();
    // A side refused by the lifecycle or overtaken did its work's twin: the serial run of both
    // ends the same (the second is refused the same way); one refused by the lock did nothing.
    return serial(i, new Pair(pair.name(), only, only, pair.env(), false, pair.refusals(), false));
  }
}
