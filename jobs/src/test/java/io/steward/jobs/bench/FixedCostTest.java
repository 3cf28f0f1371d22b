package io.steward.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.common.spec.MonitorSpecParser;
import io.steward.common.testing.Specs;
import io.steward.jobs.Cli;
import io.steward.jobs.StewardContext;
import io.steward.jobs.TestData;
import io.steward.registry.store.MonitorStore;
import io.steward.registry.warehouse.Warehouse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code steward bench --fixed-cost}: the cases a warehouse gives, the count of a night over every
 * log table once, and two cases measured as whole child processes, their ratio printed and appended
 * to the results file. Timings are printed, never asserted.
 */
class FixedCostTest {
  @TempDir Path dir;

  @Test
  void aWarehouseWithoutModelsOrNightsHasTheRegistryCasesOnly() {
    String wh = TestData.initialisedWarehouse(dir.resolve("wh"));
    StewardContext ctx =
        StewardContext.open(
            new Warehouse(wh),
            new PrintWriter(new StringWriter()),
            new PrintWriter(new StringWriter()));
    List<FixedCost.Case> cases = FixedCost.cases(ctx);
    assertEquals(
        List.of("select_1", "model_list", "principal_list", "verify_trail"),
        cases.stream().map(FixedCost.Case::name).toList());
    assertEquals(List.of("sql", "SELECT 1", "--warehouse", wh), cases.get(0).args());
    assertTrue(cases.stream().allMatch(FixedCost.Case::quick));
  }

  @Test
  void theNightIsCountedOverEachLogTableOnce() {
    Map<String, MonitorStore.Registered> specs = new LinkedHashMap<>();
    for (String[] m : new String[][] {{"a", "/logs/x"}, {"b", "/logs/x"}, {"c", "/logs/y"}}) {
      String yaml =
          Specs.binary(m[0])
              .predictions(Specs.delta(m[1]))
              .numeric("f0")
              .baseline(Specs.delta("/snap"))
              .yaml();
      specs.put(
          m[0], new MonitorStore.Registered(MonitorSpecParser.parse("test", yaml), "r", "sha"));
    }
    assertEquals(
        "SELECT sum(n) AS rows FROM (SELECT count(*) AS n FROM delta.`/logs/x` WHERE `event_ts` >="
            + " TIMESTAMP '2026-03-02 00:00:00' AND `event_ts` < TIMESTAMP '2026-03-03 00:00:00'"
            + " UNION ALL SELECT count(*) AS n FROM delta.`/logs/y` WHERE `event_ts` >= TIMESTAMP"
            + " '2026-03-02 00:00:00' AND `event_ts` < TIMESTAMP '2026-03-03 00:00:00')",
        FixedCost.countNight(specs, LocalDate.parse("2026-03-02")));
  }

  @Test
  void twoCasesRunAsChildProcessesAndTheirRatioIsKept() throws Exception {
    // Two commands that start no Spark session: the mechanism (a child JVM per case and round,
    // timed from start to exit, the ratio of medians, the results file) without a session's
    // start-up twice; the cases of a real warehouse are the test above.
    List<FixedCost.Case> cases =
        List.of(
            new FixedCost.Case("version", null, List.of("--version"), true),
            new FixedCost.Case("help", "version", List.of("--help"), true));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Path results = dir.resolve("fixed-cost.csv");
    List<FixedCost.Measured> m =
        FixedCost.run(
            cases,
            2,
            512,
            dir.resolve("logs"),
            results,
            "smoke",
            new PrintWriter(out, true),
            new PrintWriter(err, true));
    assertEquals(2, m.size());
    assertTrue(m.stream().allMatch(x -> x.wall().median() > 0 && x.wall().count() == 2));
    List<String> lines = out.toString().lines().toList();
    assertTrue(
        lines.get(lines.size() - 1).matches("fixed-cost help/version=\\d+\\.\\d\\d"),
        out.toString());
    // Rotated: the second round starts with the second case.
    List<String> rounds = err.toString().lines().map(l -> l.replaceAll(" [0-9.]+ s$", "")).toList();
    assertEquals(
        List.of(
            "fixed cost round 1/2: version",
            "fixed cost round 1/2: help",
            "fixed cost round 2/2: help",
            "fixed cost round 2/2: version"),
        rounds);
    List<String> csv = Files.readAllLines(results);
    assertEquals(FixedCost.HEADER, csv.get(0));
    assertEquals(3, csv.size(), csv.toString());
    assertTrue(csv.get(1).matches("smoke,[^,]+,version,,2,[0-9.]+,[0-9.]+,[0-9.]+,,"), csv.get(1));
    assertTrue(
        csv.get(2).matches("smoke,[^,]+,help,version,2,[0-9.]+,[0-9.]+,[0-9.]+,[0-9.]+,[0-9.]+"),
        csv.get(2));
  }

  @Test
  void badRoundsAreOneErrorLine() {
    String wh = TestData.initialisedWarehouse(dir.resolve("wh"));
    Cli.Run r = Cli.run(wh, "bench", "--fixed-cost", "--rounds", "0");
    assertEquals(2, r.code(), r.toString());
    assertEquals(
        "steward: error: option --rounds is '0' but must be between 1 and 20 with --fixed-cost",
        r.err().strip());
  }
}
