package io.steward.jobs.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.steward.common.domain.Granularity;
import io.steward.common.domain.TimeWindow;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The demo runs its nights in passes of three weeks, each ending on a Sunday. */
class DemoActionTest {
  static final LocalDate START = LocalDate.parse("2026-10-01");

  @Test
  void nightsRunInPassesEndingEveryThirdSunday() {
    List<TimeWindow> passes =
        DemoAction.passes(new TimeWindow(START, START.plusDays(29), Granularity.DAY));
    assertEquals(
        List.of("2026-10-01..2026-10-18", "2026-10-19..2026-10-30"),
        passes.stream().map(TimeWindow::toString).toList());
  }
}
