package io.steward.common.metrics.shadow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.common.metrics.window.WindowState;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PairRecordsTest {

  /** Champion v1 and challenger v2 on ids 0..n-1, v3 on the even ids only. */
  static PairRecords records(int n) {
    PairRecords r = new PairRecords(List.of("gender"));
    Random random = new Random(3);
    int f = r.groupCode(0, "F");
    int m = r.groupCode(0, "M");
    for (int i = 0; i < n; i++) {
      long id = random.nextLong();
      double s = (i % 100) / 100.0;
      double label = i % 4 == 0 ? Double.NaN : i % 2;
      int[] g = {i % 3 == 0 ? f : m};
      r.add(id, r.versionCode("v1"), s, s >= 0.5 ? 1 : 0, label, g);
      double x = Math.min(1, s + 0.01);
      r.add(id, r.versionCode("v2"), x, x >= 0.5 ? 1 : 0, label, g);
      if (i % 2 == 0) {
        r.add(id, r.versionCode("v3"), s, s >= 0.5 ? 1 : 0, label, g);
      }
    }
    return r;
  }

  @Test
  void pairsEveryChallengerWithTheChampion() {
    Map<String, PairTally> t = records(1000).pairUp("v1", 1.0);
    assertEquals(List.of("v2", "v3"), List.copyOf(t.keySet()));
    PairFigures v2 = PairFigures.of(t.get("v2"), 0);
    assertEquals(1000, v2.pairs());
    assertEquals(1.0, v2.coverage(), 0);
    // Scores i/100 + .01: the decision differs where i % 100 == 49.
    assertEquals(990 / 1000.0, v2.agreement(), 1e-12);
    assertEquals(0.01, v2.meanAbsDiff(), 1e-9);
    PairFigures v3 = PairFigures.of(t.get("v3"), 0);
    assertEquals(500, v3.pairs());
    assertEquals(0.5, v3.coverage(), 0);
    assertEquals(1.0, v3.agreement(), 0);
    assertEquals(500, t.get("v3").challengerRows);
    assertTrue(v2.championParity().containsKey("gender"));
  }

  @Test
  void sharesSplitAndMergedPairTheSame() {
    PairRecords whole = records(3000);
    PairRecords[] shares = whole.split(4);
    int rows = 0;
    for (PairRecords s : shares) {
      rows += s.size();
    }
    assertEquals(whole.size(), rows);
    // Merged in another order, from shares that numbered their names on their own.
    PairRecords merged = new PairRecords(List.of("gender"));
    merged.groupCode(0, "M");
    merged.versionCode("v3");
    for (int s = shares.length - 1; s >= 0; s--) {
      merged.merge(shares[s]);
    }
    Map<String, PairTally> a = whole.pairUp("v1", 1.0);
    Map<String, PairTally> b = merged.pairUp("v1", 1.0);
    for (String v : List.of("v2", "v3")) {
      Close.figures(PairFigures.of(a.get(v), 0), PairFigures.of(b.get(v), 0));
    }
    // The tallies of the shares, each paired on its own, merge into the whole's.
    PairTally summed = new PairTally();
    for (PairRecords s : shares) {
      summed.merge(s.pairUp("v1", 1.0).get("v2"));
    }
    Close.figures(PairFigures.of(a.get("v2"), 0), PairFigures.of(summed, 0));
  }

  @Test
  void aRepeatedIdPairsNothingAndAnIdAloneIsUnpaired() {
    PairRecords r = new PairRecords(List.of());
    int v1 = r.versionCode("v1");
    int v2 = r.versionCode("v2");
    int[] none = {};
    r.add(1, v1, 0.2, 0, 1, none);
    r.add(1, v2, 0.3, 0, 1, none);
    r.add(2, v1, 0.4, 0, 0, none);
    r.add(2, v1, 0.4, 0, 0, none);
    r.add(2, v2, 0.4, 0, 0, none);
    r.add(3, v1, 0.9, 1, Double.NaN, none);
    r.add(4, v2, 0.9, 1, Double.NaN, none);
    PairTally t = r.pairUp("v1", 1.0).get("v2");
    assertEquals(1, t.pairs);
    assertEquals(4, t.championRows);
    assertEquals(3, t.challengerRows);
    assertEquals(0.1, t.sumAbsDiff, 1e-12);
  }

  @Test
  void noChampionRowsNoPairs() {
    PairRecords r = new PairRecords(List.of());
    r.add(1, r.versionCode("v2"), 0.3, 0, 1, new int[0]);
    PairTally t = r.pairUp("v1", 1.0).get("v2");
    assertEquals(0, t.pairs);
    assertEquals(0, t.championRows);
    assertEquals(1, t.challengerRows);
  }

  @Test
  void windowStatesCarryTheRowsToTheirShareAndMergeTheComparisons() {
    PairRecords whole = records(2000);
    PairRecords[] shares = whole.split(3);
    // Each share's rows reach their task in two states (two partitions), merged there.
    WindowState[] tasks = new WindowState[3];
    for (int s = 0; s < 3; s++) {
      PairRecords[] halves = shares[s].split(2);
      WindowState a = new WindowState();
      a.pairRecords = halves[0];
      WindowState b = new WindowState();
      b.pairRecords = halves[1];
      tasks[s] = a.merge(b).pairUp("v1", 1.0);
      assertEquals(null, tasks[s].pairRecords);
    }
    WindowState night = new WindowState();
    for (WindowState t : tasks) {
      night.merge(t);
    }
    Map<String, PairTally> expected = whole.pairUp("v1", 1.0);
    for (String v : List.of("v2", "v3")) {
      Close.figures(
          PairFigures.of(expected.get(v), 0), PairFigures.of(night.comparisons.get(v), 0));
    }
  }

  @org.junit.jupiter.api.Test
  void rowsAreOrderedByIdWithEveryRowOfAnIdTogether() {
    java.util.Random random = new java.util.Random(7);
    int n = 5000;
    long[] ids = new long[n + 3];
    for (int i = 0; i < n; i++) {
      // Negative and positive hashes, each id three times on average.
      ids[i] = random.nextLong() % (n / 3) * 0x9E3779B97F4A7C15L;
    }
    int[] order = PairRecords.orderById(ids, n);
    org.junit.jupiter.api.Assertions.assertEquals(n, order.length);
    boolean[] seen = new boolean[n];
    for (int k = 0; k < n; k++) {
      org.junit.jupiter.api.Assertions.assertFalse(seen[order[k]], "position repeated");
      seen[order[k]] = true;
      if (k > 0) {
        org.junit.jupiter.api.Assertions.assertTrue(
            Long.compareUnsigned(ids[order[k - 1]], ids[order[k]]) <= 0, "out of order at " + k);
      }
    }
  }
}
