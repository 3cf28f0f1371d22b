package io.steward.common.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class GranularityTest {
  @Test
  void aDayIsOneDayAndAWeekSeven() {
    assertEquals(LocalDate.of(2026, 3, 1), Granularity.DAY.next(LocalDate.of(2026, 2, 28)));
    assertEquals(LocalDate.of(2026, 3, 9), Granularity.WEEK.next(LocalDate.of(2026, 3, 2)));
    assertEquals(Duration.ofHours(24), Granularity.DAY.length());
    assertEquals(Duration.ofHours(168), Granularity.WEEK.length());
  }
}
