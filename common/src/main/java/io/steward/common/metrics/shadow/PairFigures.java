package io.steward.common.metrics.shadow;

import io.steward.common.metrics.drift.Psi;
import io.steward.common.metrics.fairness.FairnessSummary;
import io.steward.common.metrics.fairness.GroupCounts;
import io.steward.common.metrics.stats.Interval;
import io.steward.common.metrics.stats.Intervals;
import io.steward.common.metrics.window.GroupTally;
import io.steward.common.metrics.window.Outcomes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of one champion / challenger comparison over a window. A figure the pairs cannot
 * define (no pairs, no labelled pair, no decided pair) is null.
 *
 * @param pairs matched pairs
 * @param coverage pairs over the champion's rows
 * @param agreement the share of decided pairs whose decisions agree, with its Wilson interval
 * @param meanAbsDiff the mean absolute score difference, with its normal interval
 * @param p95AbsDiff the 95th percentile (nearest rank) of the absolute score difference: the upper
 *     edge of its bin of {@link PairTally#DIFF_WIDTH}
 * @param scorePsi the PSI of the challenger's scores against the champion's, over the champion's
 *     deciles
 * @param champion the champion's performance on the labelled pairs
 * @param challenger the challenger's
 * @param championParity the champion's demographic parity ratio by protected attribute
 * @param challengerParity the challenger's
 */
public record PairFigures(
    long pairs,
    Double coverage,
    Double agreement,
    Interval agreementCi,
    Double meanAbsDiff,
    Interval meanAbsDiffCi,
    Double p95AbsDiff,
    Double scorePsi,
    List<Outcomes.Figure> champion,
    List<Outcomes.Figure> challenger,
    Map<String, Double> championParity,
    Map<String, Double> challengerParity) {

  /** The figures of a tally; groups smaller than {@code minGroupSize} do not count for parity. */
  public static PairFigures of(PairTally t, int minGroupSize) {
    long n = t.pairs;
    return new PairFigures(
        n,
        t.championRows == 0 ? null : n / (double) t.championRows,
        t.decided == 0 ? null : t.agreed / (double) t.decided,
        Intervals.wilson(t.agreed, t.decided),
        n == 0 ? null : t.sumAbsDiff / n,
        Intervals.meanNormal(t.sumAbsDiff, t.sumAbsDiffSq, n),
        p95(t.absDiff, n),
        psi(t.championScores, t.challengerScores, n),
        t.champion.figures(true),
        t.challenger.figures(true),
        parity(t.championGroups, minGroupSize),
        parity(t.challengerGroups, minGroupSize));
  }

  /** A performance figure of one side by metric name (auc, accuracy, ...); null when absent. */
  public static Outcomes.Figure metric(List<Outcomes.Figure> side, String metric) {
    return side.stream().filter(f -> f.metric().equals(metric)).findFirst().orElse(null);
  }

  /** The nearest-rank 95th percentile's bin, as its upper edge; null with no pairs. */
  static Double p95(long[] bins, long n) {
    if (n == 0) {
      return null;
    }
    long rank = (long) Math.ceil(0.95 * n);
    long seen = 0;
    for (int i = 0; i < bins.length; i++) {
      seen += bins[i];
      if (seen >= rank) {
        return Math.min(1.0, (i + 1) * PairTally.DIFF_WIDTH);
      }
    }
    throw new IllegalStateException("the difference bins hold fewer than " + n + " pairs");
  }

  /**
   * The PSI of the challenger's score bins against the champion's, over ten groups cut at the
   * champion's deciles (nearest rank): a score bin belongs to the group of the deciles below it.
   */
  static Double psi(long[] champion, long[] challenger, long n) {
    if (n == 0) {
      return null;
    }
    int[] edges = new int[9];
    long seen = 0;
    int k = 0;
    for (int i = 0; i < champion.length && k < edges.length; i++) {
      seen += champion[i];
      while (k < edges.length && seen >= (long) Math.ceil((k + 1) * n / 10.0)) {
        edges[k++] = i;
      }
    }
    long[] expected = new long[10];
    long[] actual = new long[10];
    int group = 0;
    for (int i = 0; i < champion.length; i++) {
      while (group < edges.length && i > edges[group]) {
        group++;
      }
      expected[group] += champion[i];
      actual[group] += challenger[i];
    }
    double psi = 0;
    for (int g = 0; g < 10; g++) {
      psi += Psi.term(actual[g] / (double) n, expected[g] / (double) n);
    }
    return psi;
  }

  private static Map<String, Double> parity(
      Map<String, Map<String, GroupTally>> groups, int minGroupSize) {
    Map<String, Double> out = new LinkedHashMap<>();
    groups.forEach(
        (attribute, tallies) -> {
          List<GroupCounts> counts = new ArrayList<>();
          tallies.forEach((g, t) -> counts.add(t.counts(g)));
          FairnessSummary.summarize(attribute, counts, minGroupSize).stream()
              .filter(
                  f ->
                      f.groupValue() == null
                          && f.metric().equals(FairnessSummary.DEMOGRAPHIC_PARITY_RATIO))
              .findFirst()
              .ifPresent(f -> out.put(attribute, f.value()));
        });
    return out;
  }
}
