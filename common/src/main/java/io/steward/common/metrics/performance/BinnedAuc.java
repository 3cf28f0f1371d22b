package io.steward.common.metrics.performance;

import io.steward.common.metrics.stats.Interval;
import io.steward.common.metrics.stats.Intervals;

/**
 * Area under the ROC curve, with its DeLong confidence interval, from counts of positives and
 * negatives per score bin.
 *
 * <p>Bins are in ascending score order and the scores inside one bin count as ties. The AUC is the
 * Mann-Whitney statistic with ties counted half: the share of (positive, negative) pairs in which
 * the positive scores higher, plus half the share in which both fall in the same bin. If the bins
 * merged scores that were in fact distinct, the exact AUC of the raw scores differs from this one
 * by at most {@link Result#binningErrorBound()}. Counts up to 1e9 per bin are safe: products are
 * taken in double.
 */
public final class BinnedAuc {
  private BinnedAuc() {}

  /**
   * The AUC of one set of bins.
   *
   * @param auc the Mann-Whitney AUC with ties counted half, in [0, 1]
   * @param ci DeLong's 95% interval clipped to [0, 1]; null with fewer than two positives or two
   *     negatives
   * @param positives all positives, at least 1
   * @param negatives all negatives, at least 1
   * @param binningErrorBound half the share of (positive, negative) pairs that share a bin: the
   *     most the AUC can move if every such tie were broken either way
   */
  public record Result(
      double auc, Interval ci, long positives, long negatives, double binningErrorBound) {
    public Result {
      if (!(auc >= 0 && auc <= 1)) {
        throw new IllegalArgumentException("an AUC lies in [0, 1], but got " + auc);
      }
      if (positives < 1 || negatives < 1) {
        throw new IllegalArgumentException(
            "an AUC needs positives and negatives, but got "
                + positives
                + " positives and "
                + negatives
                + " negatives");
      }
      if (!(binningErrorBound >= 0 && binningErrorBound <= 0.5)) {
        throw new IllegalArgumentException(
            "a binning error bound lies in [0, 0.5], but got " + binningErrorBound);
      }
    }
  }

  /**
   * {@code compute}: the AUC (Mann-Whitney U / (P * N), ties counted half; Hanley & McNeil 1982)
   * with the DeLong, DeLong & Clarke-Pearson (1988) variance, from binned counts.
   *
   * <p>Every positive in bin i has the placement V10 = (negatives below i + neg_i / 2) / N and
   * every negative in bin j the placement V01 = (positives above j + pos_j / 2) / P; both average
   * to the AUC. S10 and S01 are their sample variances (denominators P - 1 and N - 1), var = S10 /
   * P + S01 / N and the interval is AUC +- z * sqrt(var), clipped to [0, 1].
   *
   * @param positives count of positives in each bin, ascending score order
   * @param negatives count of negatives in each bin, same length
   * @return the result, or null when there are no positives or no negatives at all
   */
  public static Result compute(long[] positives, long[] negatives) {
    if (positives == null || negatives == null || positives.length != negatives.length) {
      throw new IllegalArgumentException(
          "AUC bins need one positive and one negative count per bin, but got "
              + (positives == null ? "no" : positives.length)
              + " positive and "
              + (negatives == null ? "no" : negatives.length)
              + " negative counts");
    }
    long p = 0;
    long n = 0;
    for (int i = 0; i < positives.length; i++) {
      if (positives[i] < 0 || negatives[i] < 0) {
        throw new IllegalArgumentException(
            "AUC bin "
                + i
                + " has a negative count ("
                + positives[i]
                + " positives, "
                + negatives[i]
                + " negatives)");
      }
      p = Math.addExact(p, positives[i]);
      n = Math.addExact(n, negatives[i]);
    }
    if (p == 0 || n == 0) {
      return null;
    }

    double pairs = (double) p * n;
    double wins = 0;
    double ties = 0;
    long negativesBelow = 0;
    for (int i = 0; i < positives.length; i++) {
      wins += positives[i] * (negativesBelow + 0.5 * negatives[i]);
      ties += (double) positives[i] * negatives[i];
      negativesBelow += negatives[i];
    }
    double auc = Math.min(1, wins / pairs);
    double bound = Math.min(0.5, 0.5 * ties / pairs);
    if (p < 2 || n < 2) {
      return new Result(auc, null, p, n, bound);
    }

    double squares10 = 0;
    double squares01 = 0;
    negativesBelow = 0;
    long positivesAbove = p;
    for (int i = 0; i < positives.length; i++) {
      positivesAbove -= positives[i];
      double v10 = (negativesBelow + 0.5 * negatives[i]) / n - auc;
      double v01 = (positivesAbove + 0.5 * positives[i]) / p - auc;
      squares10 += positives[i] * v10 * v10;
      squares01 += negatives[i] * v01 * v01;
      negativesBelow += negatives[i];
    }
    double variance = squares10 / (p - 1) / p + squares01 / (n - 1) / n;
    double half = Intervals.Z95 * Math.sqrt(variance);
    return new Result(
        auc, new Interval(Math.max(0, auc - half), Math.min(1, auc + half)), p, n, bound);
  }
}
