package io.steward.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark harness at a small size: the three paths run on the same generated night and
 * steward's figures agree with the naive program's (PSI and selection rates exactly, the binned AUC
 * within 1e-4). Timings are printed, never asserted.
 */
class BenchSmokeTest {
  @TempDir Path dir;

  @Test
  void floorStewardAndNaiveAgreeOnASmallNight() {
    Cli.Run r =
        Cli.run(
            dir.resolve("wh").toString(),
            "bench",
            "--rows",
            "200000",
            "--models",
            "2",
            "--numeric",
            "4",
            "--categorical",
            "2",
            "--dir",
            dir.resolve("data").toString());
    assertEquals(0, r.code(), r.toString());
    List<String> lines = r.out().lines().toList();
    String agreement =
        lines.stream().filter(l -> l.startsWith("agreement:")).findFirst().orElseThrow();
    assertTrue(agreement.endsWith(": agree"), agreement);
    // 2 models: 6 PSI, 1 + 18 AUC and 18 selection rates each.
    assertTrue(agreement.startsWith("agreement: 86 figures"), agreement);
    assertTrue(
        lines
            .get(lines.size() - 1)
            .matches(
                "steward/floor=\\d+\\.\\d\\d naive/steward=\\d+\\.\\d heap_mb=\\d+ rows=200000"),
        lines.get(lines.size() - 1));
  }
}
