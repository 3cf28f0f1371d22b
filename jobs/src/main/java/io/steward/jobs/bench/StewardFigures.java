package io.steward.jobs.bench;

import io.steward.registry.store.ResultsHistory;
import java.util.HashMap;
import java.util.Map;

/**
 * Every figure Steward wrote for the bench night, read back from its results tables ({@link
 * ResultsHistory#figures}) and keyed as {@link SqlRival} keys its own: {@code
 * table/metric/model/version/column/group}, with {@code -} for a null part (the whole model, a
 * model-level figure). For example {@code feature_drift/psi/bench_m00/v1/f0/-}, {@code
 * performance_metrics/auc/bench_m00/v1/gender/F}, {@code performance_metrics/auc.n/...} (the rows
 * it rests on), {@code fairness_metrics/demographic_parity_ratio/bench_m00/v1/region/-} and {@code
 * operational_metrics/freshness_hours/bench_m00/-/-/-}. Driver only: the reads collect a few
 * thousand rows.
 */
final class StewardFigures {
  private StewardFigures() {}

  /** The key of one figure. */
  static String key(
      String table, String metric, String model, String version, String column, String group) {
    return String.join("/", table, metric, model, dash(version), dash(column), dash(group));
  }

  /**
   * The night's figures by key.
   *
   * @throws IllegalStateException when two stored rows give one key different values
   */
  static Map<String, Double> read(ResultsHistory night) {
    Map<String, Double> out = new HashMap<>();
    for (ResultsHistory.Figure f : night.figures()) {
      if (f.metric().equals("completeness")) {
        // Rows against the median of the earlier nights' stored counts: a figure of Steward's
        // own history (null on a night alone), which no rival keeps; not compared.
        continue;
      }
      String k = key(f.table(), f.metric(), f.modelId(), f.version(), f.column(), f.group());
      Double before = out.put(k, f.value());
      if (before != null && before != f.value()) {
        throw new IllegalStateException(
            "bench: Steward's results hold two values for " + k + ": " + before + ", " + f.value());
      }
    }
    return out;
  }

  private static String dash(String part) {
    return part == null ? "-" : part;
  }
}
