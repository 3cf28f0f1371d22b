package io.steward.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import org.junit.jupiter.api.Test;

/**
 * The bench's peak live heap counts what is held, not what was allocated and dropped: 64 MB held
 * while sampling shows, 640 MB allocated and dropped does not.
 */
class HeapWatchTest {
  static volatile Object held;

  static long liveMb() {
    return HeapWatch.live().bytes() / (1024 * 1024);
  }

  /**
   * Each figure is compared with the live heap measured next to it, not with one taken earlier: in
   * the test JVM other tests' Spark state can be freed (or kept) in between.
   */
  @Test
  void heldDataCountsAndGarbageDoesNot() {
    HeapWatch holding = HeapWatch.start();
    held = new long[8 << 20];
    holding.close(); // its last sample holds the 64 MB
    held = null;
    long after = liveMb();
    assertTrue(
        holding.peakMb() >= after + 60,
        holding.peakMb() + " MB with 64 MB held, " + after + " MB once dropped");

    long before = liveMb();
    HeapWatch dropping = HeapWatch.start();
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
    HeapWatch.Live live = HeapWatch.parse(histogram, true);
    assertEquals(388036968L, live.bytes());
    assertEquals("[B 318 MB, [J 50 MB, java.lang.String 2 MB", live.top());
    assertThrows(IllegalStateException.class, () -> HeapWatch.parse("no total", true));

    HeapWatch.Live now = HeapWatch.live();
    assertTrue(now.bytes() > 0 && !now.top().isEmpty(), "this JVM's own histogram: " + now);
  }

  private static HeapWatch.Live mb(long mb, boolean collected) {
    return new HeapWatch.Live(mb << 20, mb + " MB", collected);
  }

  /**
   * A histogram whose full collection did not run (the JVM skips it while the GC locker is held)
   * counts garbage: it is taken again, and a sample none of whose tries collected is dropped and
   * counted, never taken for the peak.
   */
  @Test
  void aHistogramThatDidNotCollectIsTakenAgainAndNeverThePeak() {
    int tries = HeapWatch.TRIES;
    ArrayDeque<HeapWatch.Live> script = new ArrayDeque<>();
    // Sample 1: two skipped collections, then a collected 300 MB.
    script.add(mb(1400, false));
    script.add(mb(1900, false));
    script.add(mb(300, true));
    // Sample 2: no try collects (a 5000 MB count of garbage each time): dropped.
    for (int i = 0; i < tries; i++) {
      script.add(mb(5000, false));
    }
    // Sample 3: collected at once, below the peak.
    script.add(mb(250, true));
    // Sample 4: collected on the last try.
    for (int i = 1; i < tries; i++) {
      script.add(mb(4000, false));
    }
    script.add(mb(320, true));
    script.add(mb(9999, true)); // never reached
    int[] calls = {0};
    HeapWatch w =
        HeapWatch.of(
            () -> {
              calls[0]++;
              return script.remove();
            });
    for (int i = 0; i < 4; i++) {
      w.sample();
    }
    assertEquals(320, w.peakMb());
    assertEquals(1, w.skipped());
    assertEquals(3 + tries + 1 + tries, calls[0]);
    assertTrue(w.peakWhere().endsWith(": 320 MB"), w.peakWhere());
    script.clear();
    script.add(mb(100, false)); // close's last sample: skipped until a collected one
    script.add(mb(100, true));
    w.close();
    assertEquals(320, w.peakMb());
    assertEquals(1, w.skipped());
    assertTrue(script.isEmpty(), "close took one last sample");
    assertEquals(
        "5 heap samples, 4 taken again (the first histogram ran no full collection: the GC locker"
            + " was held), 1 dropped (none of "
            + tries
            + " tries collected)",
        w.samples());
  }

  /**
   * This JVM's collectors include one that runs full collections, and a histogram taken with
   * nothing else running reports that its collection ran.
   */
  @Test
  void thisJvmsHistogramsSayWhetherTheyCollected() {
    assertTrue(HeapWatch.checksCollections(), "no full-collection collector known");
    boolean collected = false;
    for (int i = 0; i < HeapWatch.TRIES && !collected; i++) {
      collected = HeapWatch.live().collected();
    }
    assertTrue(collected, "no histogram of " + HeapWatch.TRIES + " ran a collection");
  }
}
