package io.steward.common.metrics.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class MedianTest {
  @Test
  void theMiddleValueOrTheMeanOfTheTwoMiddleOnes() {
    assertEquals(2.0, Median.of(List.of(3.0, 1.0, 2.0)));
    assertEquals(2.5, Median.of(List.of(4.0, 1.0, 3.0, 2.0)));
    assertEquals(7.0, Median.of(List.of(7.0)));
  }

  @Test
  void noValuesHaveNoMedian() {
    assertNull(Median.of(List.of()));
  }
}
