package io.steward.common.metrics.fairness;

/**
 * The counts behind the fairness figures of one group (one value of a sensitive attribute) in one
 * window.
 *
 * @param group the attribute value that defines the group
 * @param n rows in the group
 * @param withPrediction rows that have a prediction
 * @param favorable rows whose prediction is the favorable outcome
 * @param labeled rows with both a prediction and a label, split into the four confusion counts
 *     (positive meaning the positive label class)
 */
public record GroupCounts(
    String group,
    long n,
    long withPrediction,
    long favorable,
    long labeled,
    long truePositives,
    long falsePositives,
    long trueNegatives,
    long falseNegatives) {
  public GroupCounts {
    if (group == null) {
      throw new IllegalArgumentException("group counts need the group's attribute value");
    }
    if (n < 0
        || withPrediction < 0
        || favorable < 0
        || labeled < 0
        || truePositives < 0
        || falsePositives < 0
        || trueNegatives < 0
        || falseNegatives < 0) {
      throw new IllegalArgumentException("group '" + group + "' has a negative count");
    }
    if (favorable > withPrediction || withPrediction > n) {
      throw new IllegalArgumentException(
          "group '"
              + group
              + "' needs favorable <= withPrediction <= n, but got "
              + favorable
              + ", "
              + withPrediction
              + ", "
              + n);
    }
    long confusion =
        Math.addExact(
            Math.addExact(truePositives, falsePositives),
            Math.addExact(trueNegatives, falseNegatives));
    if (confusion != labeled) {
      throw new IllegalArgumentException(
          "group '"
              + group
              + "' has "
              + labeled
              + " labeled rows but its confusion counts add up to "
              + confusion);
    }
  }

  /**
   * {@code selectionRate}: favorable / withPrediction, the rate compared across groups by the
   * four-fifths rule (Uniform Guidelines on Employee Selection Procedures 1978); null when nothing
   * was predicted.
   */
  public Double selectionRate() {
    return ratio(favorable, withPrediction);
  }

  /**
   * {@code adverseActionRate}: (withPrediction - favorable) / withPrediction = 1 - selection rate,
   * the share turned down (Uniform Guidelines 1978); null when nothing was predicted.
   */
  public Double adverseActionRate() {
    return ratio(withPrediction - favorable, withPrediction);
  }

  /**
   * {@code tpr}: the true positive rate TP / (TP + FN) (Fawcett 2006); null when no row is labeled
   * positive.
   */
  public Double tpr() {
    return ratio(truePositives, truePositives + falseNegatives);
  }

  /**
   * {@code fpr}: the false positive rate FP / (FP + TN) (Fawcett 2006); null when no row is labeled
   * negative.
   */
  public Double fpr() {
    return ratio(falsePositives, falsePositives + trueNegatives);
  }

  /** {@code accuracy}: (TP + TN) / labeled (Fawcett 2006); null when no row is labeled. */
  public Double accuracy() {
    return ratio(truePositives + trueNegatives, labeled);
  }

  private static Double ratio(long part, long whole) {
    return whole == 0 ? null : (double) part / whole;
  }
}
