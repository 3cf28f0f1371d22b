package io.steward.common.metrics.window;

import io.steward.common.metrics.performance.BinnedAuc;
import io.steward.common.metrics.stats.Interval;
import io.steward.common.metrics.stats.Intervals;
import java.io.Serializable;
import java.util.List;

/**
 * Running sums from which the performance metrics of one population (a model version's window, or
 * one slice group of it) are computed exactly, in one pass and in constant memory.
 *
 * <p>Binary classification keeps the confusion counts at the decision threshold, the log loss and
 * Brier sums (and their squares, for intervals), and a histogram of scores in {@link #SCORE_BINS} +
 * 1 bins of width 1/{@link #SCORE_BINS} centred on multiples of 1/{@link #SCORE_BINS} for the AUC:
 * scores with at most four decimals fall in bins of their own, so their AUC is exact; other scores
 * are off by at most the bound {@link BinnedAuc} reports. Regression keeps sums of errors, their
 * squares and fourth powers, and of the labels.
 */
public final class Outcomes implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Score bins per unit for the AUC. */
  public static final int SCORE_BINS = 10_000;

  /** Probabilities are clipped to [CLIP, 1 - CLIP] in the log loss, as scikit-learn does. */
  public static final double CLIP = 1e-15;

  public long rows;
  public long labeled;
  // binary: rows with a valid label and a valid class
  public long tp;
  public long fp;
  public long tn;
  public long fn;
  // binary: rows with a valid label and a valid score
  public long scored;
  public double logLoss;
  public double logLossSq;
  public double brier;
  public double brierSq;
  public long[] positives;
  public long[] negatives;
  // regression: rows with a valid label and a valid prediction
  public long fitted;
  public double sqErr;
  public double sqErrSq;
  public double absErr;
  public double absErrSq;
  public double sumY;
  public double sumYSq;

  /** Counts a row of the population, labeled or not. */
  public void row() {
    rows++;
  }

  /** The AUC score bin of a valid score. */
  public static int scoreBin(double score) {
    return (int) Math.floor(score * SCORE_BINS + 0.5);
  }

  /**
   * The log loss of a valid score against a 0/1 label, with the score clipped to [CLIP, 1-CLIP].
   * For a negative label, log(1 - p) is taken with the JIT's intrinsic log, not log1p (a software
   * routine that cost a fifth of the nightly scan's CPU); only for p below 2^-20, where 1 - p would
   * lose relative precision, is log1p used.
   */
  public static double logLoss(boolean positive, double score) {
    double p = Math.min(Math.max(score, CLIP), 1 - CLIP);
    if (positive) {
      return -Math.log(p);
    }
    return p < SMALL ? -Math.log1p(-p) : -Math.log(1.0 - p);
  }

  private static final double SMALL = 0x1p-20;

  /**
   * Adds a labeled binary row. The row's score figures are computed once by the caller and added to
   * every population the row belongs to.
   *
   * @param positive whether the label is 1
   * @param predicted the predicted class 0 or 1, or NaN when it has none
   * @param bin the score's {@link #scoreBin}, or -1 when the row has no valid score
   * @param loss the score's {@link #logLoss}
   * @param brier the squared difference of score and label
   */
  public void binary(boolean positive, double predicted, int bin, double loss, double brier) {
    labeled++;
    if (!Double.isNaN(predicted)) {
      if (predicted == 1.0) {
        if (positive) {
          tp++;
        } else {
          fp++;
        }
      } else if (positive) {
        fn++;
      } else {
        tn++;
      }
    }
    if (bin >= 0) {
      scored++;
      logLoss += loss;
      logLossSq += loss * loss;
      this.brier += brier;
      brierSq += brier * brier;
      if (positives == null) {
        positives = new long[SCORE_BINS + 1];
        negatives = new long[SCORE_BINS + 1];
      }
      if (positive) {
        positives[bin]++;
      } else {
        negatives[bin]++;
      }
    }
  }

  /** Adds a labeled regression row with a valid prediction. */
  public void regression(double label, double predicted) {
    labeled++;
    fitted++;
    double e = predicted - label;
    sqErr += e * e;
    sqErrSq += e * e * e * e;
    absErr += Math.abs(e);
    absErrSq += e * e;
    sumY += label;
    sumYSq += label * label;
  }

  /** Counts a row whose label is valid but whose prediction is not. */
  public void labeledOnly() {
    labeled++;
  }

  public void merge(Outcomes o) {
    rows += o.rows;
    labeled += o.labeled;
    tp += o.tp;
    fp += o.fp;
    tn += o.tn;
    fn += o.fn;
    scored += o.scored;
    logLoss += o.logLoss;
    logLossSq += o.logLossSq;
    brier += o.brier;
    brierSq += o.brierSq;
    if (o.positives != null) {
      if (positives == null) {
        positives = o.positives;
        negatives = o.negatives;
      } else {
        for (int i = 0; i < positives.length; i++) {
          positives[i] += o.positives[i];
          negatives[i] += o.negatives[i];
        }
      }
    }
    fitted += o.fitted;
    sqErr += o.sqErr;
    sqErrSq += o.sqErrSq;
    absErr += o.absErr;
    absErrSq += o.absErrSq;
    sumY += o.sumY;
    sumYSq += o.sumYSq;
  }

  /** One computed metric; value and interval null when the population cannot define it. */
  public record Figure(String metric, Double value, Interval ci, long n) {}

  /** Every metric of the problem type, defined or not. */
  public List<Figure> figures(boolean binary) {
    return binary ? binaryFigures() : regressionFigures();
  }

  public Double labelCoverage() {
    return rows == 0 ? null : labeled / (double) rows;
  }

  private List<Figure> binaryFigures() {
    long classified = tp + fp + tn + fn;
    BinnedAuc.Result auc = positives == null ? null : BinnedAuc.compute(positives, negatives);
    long f1Denominator = 2 * tp + fp + fn;
    return List.of(
        new Figure(
            "auc",
            auc == null ? null : auc.auc(),
            auc == null ? null : auc.ci(),
            auc == null ? scored : auc.positives() + auc.negatives()),
        rate("accuracy", tp + tn, classified, classified),
        rate("precision", tp, tp + fp, classified),
        rate("recall", tp, tp + fn, classified),
        new Figure("f1", f1Denominator == 0 ? null : 2.0 * tp / f1Denominator, null, classified),
        mean("log_loss", logLoss, logLossSq, scored),
        mean("brier", brier, brierSq, scored));
  }

  private List<Figure> regressionFigures() {
    long n = fitted;
    Double rmse = n == 0 ? null : Math.sqrt(sqErr / n);
    Interval mse = Intervals.meanNormal(sqErr, sqErrSq, n);
    Interval rmseCi =
        mse == null ? null : new Interval(Math.sqrt(Math.max(0, mse.low())), Math.sqrt(mse.high()));
    double total = sumYSq - sumY * sumY / Math.max(n, 1);
    Double r2 = n < 2 || !(total > 0) ? null : 1 - sqErr / total;
    return List.of(
        new Figure("rmse", rmse, rmseCi, n),
        mean("mae", absErr, absErrSq, n),
        new Figure("r2", r2, null, n));
  }

  private static Figure rate(String metric, long hits, long of, long n) {
    return new Figure(metric, of == 0 ? null : hits / (double) of, Intervals.wilson(hits, of), n);
  }

  private static Figure mean(String metric, double sum, double sumSq, long n) {
    return new Figure(metric, n == 0 ? null : sum / n, Intervals.meanNormal(sum, sumSq, n), n);
  }
}
