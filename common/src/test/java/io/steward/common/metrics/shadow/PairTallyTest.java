package io.steward.common.metrics.shadow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.common.metrics.window.Outcomes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PairTallyTest {

  /** A pair as generated: both scores, the label (NaN when none) and a group. */
  record Pair(double champion, double challenger, double label, String group) {
    double championDecision() {
      return champion >= 0.5 ? 1.0 : 0.0;
    }

    double challengerDecision() {
      return challenger >= 0.5 ? 1.0 : 0.0;
    }
  }

  static List<Pair> pairs(long seed, int n, double shift) {
    Random r = new Random(seed);
    List<Pair> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double c = Math.round(r.nextDouble() * 1000) / 1000.0;
      double x = Math.min(1, Math.max(0, c + shift + (r.nextDouble() - 0.5) * 0.02));
      double label = i % 3 == 0 ? Double.NaN : (r.nextDouble() < c ? 1.0 : 0.0);
      out.add(new Pair(c, x, label, i % 2 == 0 ? "F" : "M"));
    }
    return out;
  }

  static PairTally tally(List<Pair> pairs, long championRows) {
    PairTally t = new PairTally();
    t.championRows = championRows;
    for (Pair p : pairs) {
      t.pair(p.champion, p.championDecision(), p.challenger, p.challengerDecision(), p.label);
      t.group("gender", p.group, p.championDecision(), p.challengerDecision(), p.label, 1.0);
    }
    return t;
  }

  @Test
  void figuresAgainstADirectComputation() {
    List<Pair> pairs = pairs(7, 5000, 0.03);
    PairFigures f = PairFigures.of(tally(pairs, 6250), 0);

    assertEquals(5000, f.pairs());
    assertEquals(0.8, f.coverage(), 1e-12);
    long agree = pairs.stream().filter(p -> p.championDecision() == p.challengerDecision()).count();
    assertEquals(agree / 5000.0, f.agreement(), 1e-12);
    double[] d = pairs.stream().mapToDouble(p -> Math.abs(p.challenger - p.champion)).toArray();
    assertEquals(Arrays.stream(d).sum() / d.length, f.meanAbsDiff(), 1e-12);
    Arrays.sort(d);
    double exact = d[(int) Math.ceil(0.95 * d.length) - 1];
    // The bin's upper edge: at or above the exact percentile, within one bin width.
    assertTrue(f.p95AbsDiff() >= exact - 1e-12, f.p95AbsDiff() + " < " + exact);
    assertTrue(f.p95AbsDiff() - exact <= PairTally.DIFF_WIDTH + 1e-12, f.p95AbsDiff() + "");

    // PSI over the champion's deciles, computed from the sorted scores directly.
    double[] c = pairs.stream().mapToDouble(Pair::champion).sorted().toArray();
    double[] edges = new double[9];
    for (int k = 0; k < 9; k++) {
      edges[k] = c[(int) Math.ceil((k + 1) * c.length / 10.0) - 1];
    }
    long[] e = new long[10];
    long[] a = new long[10];
    for (Pair p : pairs) {
      e[group(edges, p.champion)]++;
      a[group(edges, p.challenger)]++;
    }
    double psi = 0;
    for (int g = 0; g < 10; g++) {
      double ae = a[g] == 0 ? 1e-4 : a[g] / 5000.0;
      double ee = e[g] == 0 ? 1e-4 : e[g] / 5000.0;
      psi += (ae - ee) * Math.log(ae / ee);
    }
    assertEquals(psi, f.scorePsi(), 1e-9);
    assertTrue(f.scorePsi() > 0.01, "a shift of .03 shows: " + f.scorePsi());

    // Each side's AUC on the labelled pairs is the one Outcomes gives for those rows.
    Outcomes champion = new Outcomes();
    pairs.stream()
        .filter(p -> !Double.isNaN(p.label))
        .forEach(
            p ->
                champion.binary(
                    p.label == 1.0,
                    p.championDecision(),
                    Outcomes.scoreBin(p.champion),
                    Outcomes.logLoss(p.label == 1.0, p.champion),
                    (p.champion - p.label) * (p.champion - p.label)));
    assertEquals(
        PairFigures.metric(champion.figures(true), "auc").value(),
        PairFigures.metric(f.champion(), "auc").value(),
        1e-12);

    // Parity: the favorable rate of the least favoured group over the most favoured one's.
    double[] rates = new double[2];
    for (int g = 0; g < 2; g++) {
      String group = g == 0 ? "F" : "M";
      rates[g] =
          pairs.stream().filter(p -> p.group.equals(group) && p.challengerDecision() == 1.0).count()
              / (double) pairs.stream().filter(p -> p.group.equals(group)).count();
    }
    assertEquals(
        Math.min(rates[0], rates[1]) / Math.max(rates[0], rates[1]),
        f.challengerParity().get("gender"),
        1e-12);
  }

  /** The decile group of a score: how many edges lie below it. */
  static int group(double[] edges, double score) {
    int bin = Outcomes.scoreBin(score);
    int g = 0;
    while (g < edges.length && bin > Outcomes.scoreBin(edges[g])) {
      g++;
    }
    return g;
  }

  @Test
  void sharesMergedAreTheWhole() {
    List<Pair> pairs = pairs(11, 3000, 0.0);
    PairTally whole = tally(pairs, 3000);
    PairTally merged = tally(pairs.subList(0, 1000), 1000);
    merged.merge(tally(pairs.subList(1000, 3000), 2000));
    Close.figures(PairFigures.of(whole, 0), PairFigures.of(merged, 0));
  }

  @Test
  void identicalVersionsAgreeEverywhere() {
    PairTally t = new PairTally();
    t.championRows = 4;
    for (double s : new double[] {0.1, 0.4, 0.6, 0.9}) {
      t.pair(s, s >= 0.5 ? 1 : 0, s, s >= 0.5 ? 1 : 0, Double.NaN);
    }
    PairFigures f = PairFigures.of(t, 0);
    assertEquals(1.0, f.agreement(), 0);
    assertEquals(0.0, f.meanAbsDiff(), 0);
    assertEquals(PairTally.DIFF_WIDTH, f.p95AbsDiff(), 1e-15);
    assertEquals(0.0, f.scorePsi(), 1e-15);
    assertNull(PairFigures.metric(f.champion(), "auc").value(), "no labels, no AUC");
  }

  @Test
  void noPairsNoFigures() {
    PairFigures f = PairFigures.of(new PairTally(), 0);
    assertEquals(0, f.pairs());
    assertNull(f.coverage());
    assertNull(f.agreement());
    assertNull(f.meanAbsDiff());
    assertNull(f.p95AbsDiff());
    assertNull(f.scorePsi());
  }
}
