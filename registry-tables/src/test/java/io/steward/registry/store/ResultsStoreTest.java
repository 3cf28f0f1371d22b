package io.steward.registry.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ResultsStoreTest {
  @Test
  void aRunsWindowsSelectTheirDaysAndWeeksOfTheirModels() {
    ResultsStore.RunWindows w =
        new ResultsStore.RunWindows(
            List.of("churn", "o'brien"),
            new TreeSet<>(List.of(LocalDate.of(2026, 3, 2), LocalDate.of(2026, 3, 1))),
            new TreeSet<>(List.of(LocalDate.of(2026, 2, 23))));
    assertEquals(
        "((granularity = 'DAY' AND window_start IN (TIMESTAMP '2026-03-01T00:00:00Z', TIMESTAMP"
            + " '2026-03-02T00:00:00Z')) OR (granularity = 'WEEK' AND window_start IN (TIMESTAMP"
            + " '2026-02-23T00:00:00Z'))) AND model_id IN ('churn', 'o\\'brien')",
        w.predicate());
  }
}
