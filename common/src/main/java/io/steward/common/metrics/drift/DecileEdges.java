package io.steward.common.metrics.drift;

import java.util.ArrayList;
import java.util.List;

/**
 * The bin edges of a numeric feature's baseline: nearest-rank deciles of its training values
 * (computed from the snapshot in the jobs module), reduced to distinct ascending edges.
 */
public final class DecileEdges {
  private DecileEdges() {}

  /** Deciles per numeric feature. */
  public static final int QUANTILES = 10;

  /** Distinct, ascending bin edges from the ranked decile values. */
  public static List<Double> edges(List<Double> rankedValues) {
    List<Double> edges = new ArrayList<>();
    for (Double v : rankedValues) {
      if (edges.isEmpty() || edges.get(edges.size() - 1).compareTo(v) < 0) {
        edges.add(v);
      }
    }
    return edges;
  }
}
