package io.steward.common.metrics.drift;

import io.steward.common.domain.FeatureType;
import io.steward.common.spec.MonitorSpec;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The histogram slots of a model's numeric features: a value counts in the first bin whose upper
 * edge it does not exceed (the last bin is open), found by binary search over the baseline's edges;
 * in the out-of-range slot as well when it lies outside the baseline's min..max; and in the missing
 * slot alone when it is null or NaN. Built on the driver from the baseline, used on the executors
 * once per value.
 */
public final class NumericSlots implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int[] offsets;
  private final int[] bins;
  private final double[][] edges;
  private final boolean[] ranged;
  private final double[] min;
  private final double[] max;
  private final boolean[] score;

  private NumericSlots(
      int[] offsets,
      int[] bins,
      double[][] edges,
      boolean[] ranged,
      double[] min,
      double[] max,
      boolean[] score) {
    this.score = score;
    this.offsets = offsets;
    this.bins = bins;
    this.edges = edges;
    this.ranged = ranged;
    this.min = min;
    this.max = max;
  }

  /** The slots of the baseline's numeric features, in the baseline's order. */
  public static NumericSlots of(ModelBaseline baseline) {
    List<Integer> numeric = new ArrayList<>();
    for (int i = 0; i < baseline.features().size(); i++) {
      if (baseline.features().get(i).type() == FeatureType.NUMERIC) {
        numeric.add(i);
      }
    }
    int n = numeric.size();
    int[] offsets = new int[n];
    int[] bins = new int[n];
    double[][] edges = new double[n][];
    boolean[] ranged = new boolean[n];
    double[] min = new double[n];
    double[] max = new double[n];
    boolean[] score = new boolean[n];
    for (int j = 0; j < n; j++) {
      FeatureBaseline f = baseline.features().get(numeric.get(j));
      score[j] = MonitorSpec.SCORE_FEATURE.equals(f.feature());
      offsets[j] = baseline.slotOffset(numeric.get(j));
      bins[j] = f.binCount();
      edges[j] = f.edges().stream().mapToDouble(Double::doubleValue).toArray();
      ranged[j] = f.min() != null;
      min[j] = ranged[j] ? f.min() : Double.NaN;
      max[j] = ranged[j] ? f.max() : Double.NaN;
    }
    return new NumericSlots(offsets, bins, edges, ranged, min, max, score);
  }

  /**
   * The first position of a sorted array whose value is at least {@code v} (the array's length when
   * none is). A binary search whose step is a conditional move rather than a branch: the bin of a
   * value is as good as random, so a branch would be mispredicted half the time.
   */
  static int firstEdgeAtLeast(double[] e, double v) {
    int n = e.length;
    if (n == 0) {
      return 0;
    }
    int base = 0;
    while (n > 1) {
      int half = n >>> 1;
      base = e[base + half - 1] < v ? base + half : base;
      n -= half;
    }
    return e[base] < v ? base + 1 : base;
  }

  /**
   * Whether numeric feature {@code i} is the model's score (output drift, {@link
   * MonitorSpec#SCORE_FEATURE}).
   */
  public boolean isScore(int i) {
    return score[i];
  }

  /** How many numeric features there are. */
  public int size() {
    return offsets.length;
  }

  /**
   * Counts the value of numeric feature {@code i} (in the baseline's order of numeric features).
   *
   * @param v the value, NaN when it is null or NaN; null, NaN and infinite values all count as
   *     missing
   */
  public void count(int i, double v, SlotSink sink) {
    int offset = offsets[i];
    int n = bins[i];
    if (!Double.isFinite(v)) {
      sink.count(offset + n + 1);
      return;
    }
    int lo = firstEdgeAtLeast(edges[i], v);
    sink.count(offset + (lo == edges[i].length ? n - 1 : lo));
    if (ranged[i] && (v < min[i] || v > max[i])) {
      sink.count(offset + n);
    }
  }
}
