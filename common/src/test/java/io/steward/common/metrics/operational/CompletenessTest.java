package io.steward.common.metrics.operational;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class CompletenessTest {
  @Test
  void rowsAgainstTheMedianOfTheTrailingWindows() {
    // median of 80, 100, 120 is 100
    assertEquals(0.5, Completeness.of(50, List.of(100.0, 80.0, 120.0)));
    // median of 60, 80, 100, 120 is 90
    assertEquals(1.5, Completeness.of(135, List.of(100.0, 80.0, 120.0, 60.0)));
  }

  @Test
  void unknownWithoutTrailingVolume() {
    assertNull(Completeness.of(50, List.of()));
    assertNull(Completeness.of(50, List.of(0.0, 0.0, 0.0)));
  }
}
