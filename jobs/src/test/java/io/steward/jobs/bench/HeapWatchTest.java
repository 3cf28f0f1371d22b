package io.steward.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The bench's peak live heap counts what is held, not what was allocated and dropped: 64 MB held
 * while sampling shows, 640 MB allocated and dropped does not.
 */
class HeapWatchTest {
  static volatile Object held;

  @Test
  void heldDataCountsAndGarbageDoesNot() {
    long base;
    try (BenchAction.HeapWatch w = BenchAction.HeapWatch.start()) {
      base = w.peakMb();
    }
    BenchAction.HeapWatch holding = BenchAction.HeapWatch.start();
    held = new long[8 << 20];
    holding.close();
    held = null;
    assertTrue(holding.peakMb() >= base + 60, holding.peakMb() + " MB with 64 MB held, " + base);

    BenchAction.HeapWatch dropping = BenchAction.HeapWatch.start();
    long sum = 0;
    for (int i = 0; i < 10; i++) {
      long[] garbage = new long[8 << 20];
      garbage[i] = i;
      sum += garbage[i];
    }
    dropping.close();
    assertTrue(sum == 45);
    assertTrue(
        dropping.peakMb() < base + 60,
        dropping.peakMb() + " MB after 640 MB allocated and dropped, " + base + " before");
  }
}
