package io.steward.common.metrics.window;

import io.steward.common.metrics.fairness.GroupCounts;
import java.io.Serializable;

/** The counts of one group of a protected attribute, from which its fairness rates follow. */
public final class GroupTally implements Serializable {
  private static final long serialVersionUID = 1L;

  public long n;
  public long withPrediction;
  public long favorable;
  public long tp;
  public long fp;
  public long tn;
  public long fn;

  /**
   * @param predicted the predicted class, NaN when the row has none
   * @param label the label 0 or 1, NaN when the row has none
   */
  public void add(double predicted, double label, double favorableClass) {
    n++;
    if (Double.isNaN(predicted)) {
      return;
    }
    withPrediction++;
    if (predicted == favorableClass) {
      favorable++;
    }
    if (Double.isNaN(label)) {
      return;
    }
    if (predicted == 1.0) {
      if (label == 1.0) {
        tp++;
      } else {
        fp++;
      }
    } else if (label == 1.0) {
      fn++;
    } else {
      tn++;
    }
  }

  public void merge(GroupTally o) {
    n += o.n;
    withPrediction += o.withPrediction;
    favorable += o.favorable;
    tp += o.tp;
    fp += o.fp;
    tn += o.tn;
    fn += o.fn;
  }

  public GroupCounts counts(String group) {
    return new GroupCounts(group, n, withPrediction, favorable, tp + fp + tn + fn, tp, fp, tn, fn);
  }
}
