package io.steward.common.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.common.errors.StewardException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LockWaitTest {
  @ParameterizedTest
  @CsvSource({
    "30s, PT30S, 30s",
    "10m, PT10M, 10m",
    "2h, PT2H, 2h",
    "90m, PT1H30M, 1h30m",
    "1h30m, PT1H30M, 1h30m",
    "2m30s, PT2M30S, 2m30s",
    "PT5M, PT5M, 5m",
    "pt1h30m, PT1H30M, 1h30m",
    "PT0.5S, PT0.5S, 0.5s",
    "P1D, PT24H, 24h",
    "' 45s ', PT45S, 45s"
  })
  void secondsMinutesHoursAndIsoDurationsAreRead(String text, String limit, String shown) {
    LockWait w = LockWait.parse("--wait-lock", text);
    assertEquals(Duration.parse(limit), w.limit());
    assertEquals(shown, w.toString());
    assertTrue(w.waits());
  }

  @Test
  void zeroMeansNoWait() {
    assertEquals(LockWait.NONE, LockWait.parse("--wait-lock", "0s"));
    assertEquals(LockWait.NONE, LockWait.parse("--wait-lock", "PT0S"));
    assertFalse(LockWait.NONE.waits());
    assertEquals("0s", LockWait.NONE.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"soon", "10", "10 m", "10d", "30s10m", "-5m", "5M", "", "PT"})
  void anythingElseIsRefusedNamingTheSource(String text) {
    StewardException e =
        assertThrows(StewardException.class, () -> LockWait.parse("--wait-lock", text));
    assertEquals(
        "option --wait-lock is '" + text + "' but must be a duration such as 30s, 10m, 2h or PT5M",
        e.getMessage());
  }

  @Test
  void aNegativeIsoDurationIsRefused() {
    StewardException e =
        assertThrows(StewardException.class, () -> LockWait.parse("--wait-lock", "PT-5M"));
    assertEquals(
        "option --wait-lock is 'PT-5M' but must be a duration such as 30s, 10m, 2h or PT5M,"
            + " not negative",
        e.getMessage());
  }
}
