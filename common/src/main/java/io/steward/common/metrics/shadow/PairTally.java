package io.steward.common.metrics.shadow;

import io.steward.common.metrics.window.GroupTally;
import io.steward.common.metrics.window.Outcomes;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The counts of one champion / challenger comparison over a window, from which every figure of
 * {@link PairFigures} follows. Mergeable: each share of the prediction ids is paired and tallied on
 * its own, and the shares' tallies are summed.
 *
 * <p>A pair is a champion row and a challenger row with the same prediction id. Scores are binary
 * scores in [0, 1] (rows with an invalid score are not paired; they are counted by the window's
 * rejections). The absolute score difference is kept in bins of {@link #DIFF_WIDTH}, so that its
 * 95th percentile is known to that width whatever the number of pairs; each side's scores are kept
 * in the AUC's score bins ({@link Outcomes#scoreBin}), from which the PSI between the two
 * distributions is taken over the champion's deciles.
 */
public final class PairTally implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The width of a bin of the absolute score difference. */
  public static final double DIFF_WIDTH = 1e-4;

  /** Bins of the absolute score difference: [0, w), [w, 2w), ... and the last one up to 1. */
  public static final int DIFF_BINS = 10_000;

  /** Champion rows in the window, paired or not: the denominator of coverage. */
  public long championRows;

  /** Challenger rows in the window, paired or not. */
  public long challengerRows;

  public long pairs;

  /** Pairs where both versions made a decision (a predicted class). */
  public long decided;

  /** Decided pairs whose decisions agree. */
  public long agreed;

  public double sumAbsDiff;
  public double sumAbsDiffSq;
  public long[] absDiff = new long[DIFF_BINS];
  public long[] championScores = new long[Outcomes.SCORE_BINS + 1];
  public long[] challengerScores = new long[Outcomes.SCORE_BINS + 1];

  /** Each version's outcomes on the pairs that have a label. */
  public Outcomes champion = new Outcomes();

  public Outcomes challenger = new Outcomes();

  /** Each version's group counts on the pairs, by attribute then group. */
  public Map<String, Map<String, GroupTally>> championGroups = new LinkedHashMap<>();

  public Map<String, Map<String, GroupTally>> challengerGroups = new LinkedHashMap<>();

  /** The bin of an absolute score difference in [0, 1]. */
  public static int diffBin(double absDiff) {
    return Math.min((int) Math.floor(absDiff / DIFF_WIDTH), DIFF_BINS - 1);
  }

  /**
   * Adds a pair.
   *
   * @param championScore the champion's score, in [0, 1]
   * @param championDecision the champion's predicted class 0 or 1, NaN when it has none
   * @param challengerScore the challenger's score, in [0, 1]
   * @param challengerDecision the challenger's predicted class, NaN when it has none
   * @param label the label 0 or 1, NaN when the pair has none (yet)
   */
  public void pair(
      double championScore,
      double championDecision,
      double challengerScore,
      double challengerDecision,
      double label) {
    pairs++;
    double d = Math.abs(challengerScore - championScore);
    sumAbsDiff += d;
    sumAbsDiffSq += d * d;
    absDiff[diffBin(d)]++;
    int cb = Outcomes.scoreBin(championScore);
    int xb = Outcomes.scoreBin(challengerScore);
    championScores[cb]++;
    challengerScores[xb]++;
    if (!Double.isNaN(championDecision) && !Double.isNaN(challengerDecision)) {
      decided++;
      if (championDecision == challengerDecision) {
        agreed++;
      }
    }
    champion.row();
    challenger.row();
    if (!Double.isNaN(label)) {
      boolean positive = label == 1.0;
      labelled(champion, positive, championDecision, championScore, cb);
      labelled(challenger, positive, challengerDecision, challengerScore, xb);
    }
  }

  private static void labelled(
      Outcomes o, boolean positive, double decision, double score, int bin) {
    double e = score - (positive ? 1.0 : 0.0);
    o.binary(positive, decision, bin, Outcomes.logLoss(positive, score), e * e);
  }

  /**
   * Adds a pair's group of a protected attribute, for both versions.
   *
   * @param favorableClass the class that is the favorable decision
   */
  public void group(
      String attribute,
      String group,
      double championDecision,
      double challengerDecision,
      double label,
      double favorableClass) {
    tally(championGroups, attribute, group).add(championDecision, label, favorableClass);
    tally(challengerGroups, attribute, group).add(challengerDecision, label, favorableClass);
  }

  private static GroupTally tally(
      Map<String, Map<String, GroupTally>> groups, String attribute, String group) {
    return groups
        .computeIfAbsent(attribute, a -> new LinkedHashMap<>())
        .computeIfAbsent(group, g -> new GroupTally());
  }

  public void merge(PairTally o) {
    championRows += o.championRows;
    challengerRows += o.challengerRows;
    pairs += o.pairs;
    decided += o.decided;
    agreed += o.agreed;
    sumAbsDiff += o.sumAbsDiff;
    sumAbsDiffSq += o.sumAbsDiffSq;
    add(absDiff, o.absDiff);
    add(championScores, o.championScores);
    add(challengerScores, o.challengerScores);
    champion.merge(o.champion);
    challenger.merge(o.challenger);
    mergeGroups(championGroups, o.championGroups);
    mergeGroups(challengerGroups, o.challengerGroups);
  }

  private static void add(long[] into, long[] from) {
    for (int i = 0; i < into.length; i++) {
      into[i] += from[i];
    }
  }

  private static void mergeGroups(
      Map<String, Map<String, GroupTally>> into, Map<String, Map<String, GroupTally>> from) {
    from.forEach((a, groups) -> groups.forEach((g, t) -> tally(into, a, g).merge(t)));
  }
}
