package io.steward.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The bench's peak live heap counts what is held, not what was allocated and dropped: 64 MB held
 * while sampling shows, 640 MB allocated and dropped does not.
 */
class HeapWatchTest {
  static volatile Object held;

  static long liveMb() {
    return BenchAction.HeapWatch.live().bytes() / (1024 * 1024);
  }

  /**
   * Each figure is compared with the live heap measured next to it, not with one taken earlier: in
   * the test JVM other tests' Spark state can be freed (or kept) in between.
   */
  @Test
  void heldDataCountsAndGarbageDoesNot() {
    BenchAction.HeapWatch holding = BenchAction.HeapWatch.start();
    held = new long[8 << 20];
    holding.close(); // its last sample holds the 64 MB
    held = null;
    long after = liveMb();
    assertTrue(
        holding.peakMb() >= after + 60,
        holding.peakMb() + " MB with 64 MB held, " + after + " MB once dropped");

    long before = liveMb();
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
        dropping.peakMb() < before + 60,
        dropping.peakMb() + " MB after 640 MB allocated and dropped, " + before + " MB before");
  }

  @Test
  void aClassHistogramIsReadForItsTotalAndLargestClasses() {
    String histogram =
        String.join(
            "\n",
            "12345:",
            " num     #instances         #bytes  class name (module)",
            "-------------------------------------------------------",
            "   1:          2048      333447168  [B (java.base@17.0.15)",
            "   2:           100       52428800  [J (java.base@17.0.15)",
            "   3:         90000        2160000  java.lang.String (java.base@17.0.15)",
            "   4:            10           1000  java.lang.Object (java.base@17.0.15)",
            "Total        192158      388036968");
    BenchAction.HeapWatch.Live live = BenchAction.HeapWatch.parse(histogram);
    assertEquals(388036968L, live.bytes());
    assertEquals("[B 318 MB, [J 50 MB, java.lang.String 2 MB", live.top());
    assertThrows(IllegalStateException.class, () -> BenchAction.HeapWatch.parse("no total"));

    BenchAction.HeapWatch.Live now = BenchAction.HeapWatch.live();
    assertTrue(now.bytes() > 0 && !now.top().isEmpty(), "this JVM's own histogram: " + now);
  }
}
