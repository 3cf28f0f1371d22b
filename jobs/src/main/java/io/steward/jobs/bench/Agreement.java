package io.steward.jobs.bench;

import io.steward.common.metrics.fairness.FairnessSummary;
import io.steward.registry.store.ResultsHistory;
import java.util.HashMap;
import java.util.Map;

/**
 * Whether Steward's figures of the bench night agree with the naive program's ({@link Naive}): each
 * naive figure is compared with Steward's of the same key, and the largest difference kept per kind
 * (PSI, AUC, selection rate). PSI and selection rates are exact definitions and must agree to
 * {@link #EXACT}; Steward's AUC is binned and must agree to {@link #AUC}.
 *
 * @param compared how many figures were compared
 */
public record Agreement(int compared, double worstPsi, double worstAuc, double worstRate) {
  /** Tolerance for PSI and selection rates (exact definitions) and for the binned AUC. */
  static final double EXACT = 1e-9;

  static final double AUC = 1e-4;

  /** No figure compared (the naive program was skipped). */
  static final Agreement NOT_CHECKED = new Agreement(0, 0, 0, 0);

  public Agreement {
    if (compared < 0 || worstPsi < 0 || worstAuc < 0 || worstRate < 0) {
      throw new IllegalArgumentException("an agreement counts figures and differences >= 0");
    }
  }

  /** Whether every difference is within its tolerance. */
  public boolean agree() {
    return worstPsi <= EXACT && worstRate <= EXACT && worstAuc <= AUC;
  }

  /**
   * Compares every naive figure with Steward's.
   *
   * @throws IllegalStateException where Steward has no figure for a key, or the naive one is
   *     missing
   */
  static Agreement of(Map<String, Double> steward, Map<String, Double> naive) {
    int compared = 0;
    double worstPsi = 0;
    double worstAuc = 0;
    double worstRate = 0;
    for (Map.Entry<String, Double> e : naive.entrySet()) {
      Double ours = steward.get(e.getKey());
      if (ours == null || e.getValue() == null || e.getValue().isNaN()) {
        throw new IllegalStateException(
            "bench: Steward has no figure for " + e.getKey() + " (naive: " + e.getValue() + ")");
      }
      double d = Math.abs(ours - e.getValue());
      if (e.getKey().startsWith("psi/")) {
        worstPsi = Math.max(worstPsi, d);
      } else if (e.getKey().startsWith("auc/")) {
        worstAuc = Math.max(worstAuc, d);
      } else {
        worstRate = Math.max(worstRate, d);
      }
      compared++;
    }
    return new Agreement(compared, worstPsi, worstAuc, worstRate);
  }

  /**
   * Steward's figures of the night, read back from its results and keyed as {@link Naive} keys
   * them.
   */
  static Map<String, Double> stewardFigures(ResultsHistory night) {
    Map<String, Double> out = new HashMap<>();
    for (ResultsHistory.FeaturePsi f : night.psi()) {
      out.put("psi/" + f.modelId() + "/" + f.feature(), f.psi());
    }
    for (ResultsHistory.GroupValue g : night.performance("auc")) {
      out.put("auc/" + g.modelId() + "/" + dash(g.column()) + "/" + dash(g.group()), g.value());
    }
    for (ResultsHistory.GroupValue g : night.fairness(FairnessSummary.SELECTION_RATE)) {
      out.put("selection_rate/" + g.modelId() + "/" + g.column() + "/" + g.group(), g.value());
    }
    return out;
  }

  private static String dash(String sliceNameOrValue) {
    return sliceNameOrValue == null ? "-" : sliceNameOrValue;
  }
}
