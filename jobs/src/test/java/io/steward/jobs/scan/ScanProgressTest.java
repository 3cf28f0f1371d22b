package io.steward.jobs.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScanProgressTest {
  private static List<String> lines(int planned, long rowsPerTask) {
    ScanProgress.Tally t = new ScanProgress.Tally();
    t.planned(planned);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < planned; i++) {
      String line = t.finished(rowsPerTask, "scan", 2.0);
      if (line != null) {
        out.add(line);
      }
    }
    return out;
  }

  @Test
  void aLineAtEveryTenthOfTheTasks() {
    List<String> out = lines(25, 1000);
    // Tenths are passed at tasks 3, 5, 8, 10, 13, 15, 18, 20, 23 and 25.
    assertEquals(10, out.size(), out.toString());
    assertEquals("scan: 3 of 25 tasks, 3,000 rows read, 2 s", out.get(0));
    assertEquals("scan: 25 of 25 tasks, 25,000 rows read, 2 s", out.get(9));
  }

  @Test
  void fewTasksGetALineEach() {
    assertEquals(
        List.of(
            "scan: 1 of 3 tasks, 7 rows read, 2 s",
            "scan: 2 of 3 tasks, 14 rows read, 2 s",
            "scan: 3 of 3 tasks, 21 rows read, 2 s"),
        lines(3, 7));
  }

  @Test
  void tasksOfAStageNotYetPlannedNeverOverflowTheCount() {
    ScanProgress.Tally t = new ScanProgress.Tally();
    t.planned(1);
    assertEquals("scan: 1 of 1 tasks, 5 rows read, 2 s", t.finished(5, "scan", 2.0));
    // A second stage's task finishing before its stage was counted: 2 of 2, no tenth passed.
    assertNull(t.finished(5, "scan", 2.0));
  }
}
