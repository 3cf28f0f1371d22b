package io.steward.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The bench protocol's arithmetic, without Spark or child JVMs: spreads, the rotation of the
 * rounds, the children's result lines, the ratios and the last line, the smallest heap's bisection,
 * and the JVM options a child keeps. Expected values are worked out by hand.
 */
class ProtocolMathTest {
  @Test
  void spreadsTakeTheMedianMinAndMaxLeavingOutMissingFigures() {
    Spread odd = Spread.of(List.of(31.0, 29.0, 40.0, 30.0, 35.0));
    assertEquals(31.0, odd.median());
    assertEquals(29.0, odd.min());
    assertEquals(40.0, odd.max());
    assertEquals(5, odd.count());
    Spread even = Spread.of(Arrays.asList(4.0, Double.NaN, 1.0, null, 2.0, 3.0));
    assertEquals(2.5, even.median());
    assertEquals(4, even.count());
    assertEquals("2.50 s (1.00 to 4.00)", even.seconds());
    assertNull(Spread.of(List.of(Double.NaN)));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Spread(5, 6, 7, 1));
    assertEquals("a spread needs values, min <= median <= max", e.getMessage());
  }

  @Test
  void ratiosOfMediansPrintADashForAMissingFigure() {
    Spread steward = Spread.of(List.of(28.0, 30.0, 35.0));
    Spread floor = Spread.of(List.of(20.0, 25.0, 26.0));
    assertEquals("1.20", Spread.ratio(steward, floor));
    assertEquals("-", Spread.ratio(steward, null));
    assertEquals("-", Spread.ratio(null, floor));
  }

  @Test
  void eachRoundStartsOneProgramLater() {
    List<String> p = List.of("floor", "steward", "sql");
    assertEquals(List.of("floor", "steward", "sql"), Rotation.of(p, 0));
    assertEquals(List.of("steward", "sql", "floor"), Rotation.of(p, 1));
    assertEquals(List.of("sql", "floor", "steward"), Rotation.of(p, 2));
    assertEquals(List.of("floor", "steward", "sql"), Rotation.of(p, 3));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Rotation.of(p, -1));
    assertEquals("rounds are numbered from 0, got -1", e.getMessage());
  }

  @Test
  void aChildsResultLineReadsBackAsWritten() {
    ChildResult r = new ChildResult(Program.STEWARD, 31.2, 55.125, 25.3, 48.0, 410, 2150, -1);
    String line = r.line();
    assertEquals(
        "bench-result program=steward cold_wall_s=31.200 cold_cpu_s=55.125 warm_wall_s=25.300"
            + " warm_cpu_s=48.000 direct_mb=410 rss_mb=2150 heap_mb=-",
        line);
    assertEquals(r, ChildResult.parse(line));
    ChildResult heap =
        ChildResult.parse(
            "bench-result program=steward cold_wall_s=- cold_cpu_s=- warm_wall_s=- warm_cpu_s=-"
                + " direct_mb=12 rss_mb=900 heap_mb=451");
    assertTrue(Double.isNaN(heap.coldWall()));
    assertEquals(451, heap.heapMb());

    assertEquals(
        "not a bench result line: steward took 3 s",
        assertThrows(IllegalArgumentException.class, () -> ChildResult.parse("steward took 3 s"))
            .getMessage());
    String unknown = line.replace("program=steward", "program=spark");
    assertEquals(
        "unknown program in: " + unknown,
        assertThrows(IllegalArgumentException.class, () -> ChildResult.parse(unknown))
            .getMessage());
    String noRss = line.replace("rss_mb=", "rss=");
    assertEquals(
        "bench result line without rss_mb: " + noRss,
        assertThrows(IllegalArgumentException.class, () -> ChildResult.parse(noRss)).getMessage());
    String word = line.replace("cold_wall_s=31.200", "cold_wall_s=slow");
    assertEquals(
        "a bench result figure is not a number: " + word,
        assertThrows(IllegalArgumentException.class, () -> ChildResult.parse(word)).getMessage());
  }

  @Test
  void theLastLineHasMediansRatiosAndDashesForProgramsNotRun() {
    Map<Program, List<ChildResult>> runs =
        Map.of(
            Program.FLOOR,
            List.of(
                new ChildResult(Program.FLOOR, 20, 30, 10, 15, 1, 900, -1),
                new ChildResult(Program.FLOOR, 24, 31, 12, 16, 1, 910, -1),
                new ChildResult(Program.FLOOR, 30, 33, 14, 17, 1, 905, -1)),
            Program.STEWARD,
            List.of(
                new ChildResult(Program.STEWARD, 30, 50, 13, 20, 400, 2000, -1),
                new ChildResult(Program.STEWARD, 36, 52, 15, 21, 420, 2100, -1),
                new ChildResult(Program.STEWARD, 33, 51, 14, 22, 410, 2050, -1)));
    Report r = new Report(runs, 451, -1);
    // Cold medians 33 / 24, warm 14 / 12.
    assertEquals(
        "steward/floor cold=1.38 warm=1.17 sql/steward=- heap_mb=451 rows=1000", r.lastLine(1000));
    assertEquals(
        "steward/floor cold=- warm=- sql/steward=- heap_mb=- rows=20000",
        new Report(Map.of(), -1, -1).lastLine(20000));
    assertEquals(420, r.peak(Program.STEWARD, ChildResult::directMb));
    assertEquals(2100, r.peak(Program.STEWARD, ChildResult::rssMb));

    Map<String, String> cells = r.cells(1000, 2);
    assertEquals("33.00", cells.get("steward_cold_s"));
    assertEquals("51.00", cells.get("steward_cold_cpu_s"));
    assertEquals("12.00", cells.get("floor_warm_s"));
    assertEquals("1.38", cells.get("steward_floor_cold"));
    assertEquals("", cells.get("sql_steward_cold"));
    assertEquals("36", cells.get("rows_per_s_per_core")); // 1000 rows / 14 s / 2 cores
    assertTrue(
        r.lines().contains("steward/floor            1.38 (1.65), 1.17 (1.31)"),
        String.join("\n", r.lines()));
  }

  @Test
  void theResultsFileHasColumnsForEveryProgram() {
    for (Program p : Program.values()) {
      assertTrue(ResultsFile.PROGRAMS.contains(p.column()), p.column());
      assertTrue(ResultsFile.COLUMNS.contains(p.column() + "_warm_cpu_s"), p.column());
    }
    String csv =
        new ResultsFile.Line(Map.of("commit", "abc", "rows", "1000", "heap_mb", "451"))
            .csv(java.time.Instant.parse("2026-12-07T00:00:00Z"));
    String[] cells = csv.strip().split(",", -1);
    assertEquals(ResultsFile.COLUMNS.size(), cells.length);
    assertEquals("abc", cells[0]);
    assertEquals("2026-12-07T00:00:00Z", cells[1]);
    assertEquals("451", cells[ResultsFile.COLUMNS.indexOf("heap_mb")]);
    assertEquals("", cells[ResultsFile.COLUMNS.indexOf("floor_cold_s")]);
    assertEquals(
        "the bench results file has no column floor_s",
        assertThrows(
                IllegalArgumentException.class,
                () -> new ResultsFile.Line(Map.of("commit", "abc", "floor_s", "1")))
            .getMessage());
  }

  @Test
  void theSmallestHeapIsFoundByBisectionIn256MbSteps() {
    List<Long> tried = new ArrayList<>();
    long found =
        Protocol.search(
            4096,
            256,
            mb -> {
              tried.add(mb);
              return mb >= 1300;
            });
    assertEquals(1536, found);
    assertEquals(List.of(2048L, 1024L, 1536L, 1280L), tried);
    assertEquals(4096, Protocol.search(4096, 256, mb -> false));
    assertEquals(256, Protocol.search(4096, 256, mb -> true));
  }

  @Test
  void aChildKeepsThisJvmsOptionsButTheHeapAndTheArchiveWriter() {
    assertEquals(
        List.of(
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "-XX:+UseParallelGC",
            "-XX:SharedArchiveFile=/x/steward.jsa",
            "-Duser.timezone=UTC"),
        ChildJvm.inherited(
            List.of(
                "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "-Xmx8g",
                "-XX:+UseParallelGC",
                "-XX:ArchiveClassesAtExit=/x/steward.jsa.1",
                "-XX:SharedArchiveFile=/x/steward.jsa",
                "-Xms1g",
                "-Duser.timezone=UTC")));
    List<String> cmd = ChildJvm.command(4096, List.of("bench", "run-one"));
    assertTrue(cmd.contains("-Xmx4096m"), cmd.toString());
    assertEquals(List.of("bench", "run-one"), cmd.subList(cmd.size() - 2, cmd.size()));
    assertEquals(4096L, ChildJvm.heapMb("4g"));
    assertEquals(1536L, ChildJvm.heapMb("1536m"));
    assertNull(ChildJvm.heapMb("4 GB"));
    assertNull(ChildJvm.heapMb("0g"));
  }

  @Test
  void thePeakResidentSetIsReadFromProcStatus() {
    assertEquals(
        2151, ProcessMemory.vmHwmMb("Name:\tjava\nVmPeak:\t 9999 kB\nVmHWM:\t  2202724 kB\n"));
    assertEquals(-1, ProcessMemory.vmHwmMb("Name:\tjava\n"));
  }
}
