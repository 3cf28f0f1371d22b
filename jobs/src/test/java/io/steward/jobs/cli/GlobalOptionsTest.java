package io.steward.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.steward.common.domain.LockWait;
import io.steward.common.errors.StewardException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The lock wait's precedence: --wait-lock, then $STEWARD_WAIT_LOCK, then none. */
class GlobalOptionsTest {
  @Test
  void theOptionWinsOverTheEnvironment() {
    assertEquals(Duration.ofMinutes(10), GlobalOptions.lockWait("10m", "30s").limit());
    assertEquals(LockWait.NONE, GlobalOptions.lockWait("0s", "30s"));
  }

  @Test
  void theEnvironmentServesWhenTheOptionIsAbsent() {
    assertEquals(Duration.ofSeconds(30), GlobalOptions.lockWait(null, "30s").limit());
    assertEquals(LockWait.NONE, GlobalOptions.lockWait(null, ""));
    assertEquals(LockWait.NONE, GlobalOptions.lockWait(null, null));
  }

  @Test
  void aBadValueIsNamedWithWhereItCameFrom() {
    assertEquals(
        "option --wait-lock is 'soon' but must be a duration such as 30s, 10m, 2h or PT5M",
        assertThrows(StewardException.class, () -> GlobalOptions.lockWait("soon", "30s"))
            .getMessage());
    assertEquals(
        "option --wait-lock (from $STEWARD_WAIT_LOCK) is 'soon' but must be a duration such as"
            + " 30s, 10m, 2h or PT5M",
        assertThrows(StewardException.class, () -> GlobalOptions.lockWait(null, "soon"))
            .getMessage());
  }
}
