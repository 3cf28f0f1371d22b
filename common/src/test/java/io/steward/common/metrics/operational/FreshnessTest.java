package io.steward.common.metrics.operational;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FreshnessTest {
  private static long micros(String instant) {
    return Instant.parse(instant).toEpochMilli() * 1000;
  }

  @Test
  void hoursFromTheNewestEventToTheWindowsEnd() {
    Instant end = Instant.parse("2026-03-02T00:00:00Z");
    assertEquals(6.0, Freshness.hours(end, micros("2026-03-01T18:00:00Z")), 1e-12);
    assertEquals(0.5, Freshness.hours(end, micros("2026-03-01T23:30:00Z")), 1e-12);
    assertEquals(0.0, Freshness.hours(end, micros("2026-03-02T00:00:00Z")), 1e-12);
  }

  @Test
  void aWindowWithoutEventsAddsItsLengthToThePreviousFreshness() {
    assertEquals(27.5, Freshness.carried(3.5, Duration.ofDays(1)));
    assertEquals(170.0, Freshness.carried(2.0, Duration.ofDays(7)));
    assertNull(Freshness.carried(null, Duration.ofDays(1)));
  }
}
