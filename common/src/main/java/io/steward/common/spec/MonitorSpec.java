package io.steward.common.spec;

import io.steward.common.domain.ModelId;
import io.steward.common.domain.ProblemType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A parsed and validated monitor spec: which log a model writes its predictions to, which of its
 * columns are features, slices and outcomes, and which training snapshot is its baseline.
 *
 * @param yaml the spec's text as registered, kept so a later reader sees what was declared
 */
public record MonitorSpec(
    ModelId modelId,
    ProblemType problemType,
    Predictions predictions,
    Optional<Labels> labels,
    Features features,
    Slices slices,
    Baseline baseline,
    double decisionThreshold,
    String favorablePrediction,
    int minGroupSize,
    String yaml) {

  /** The columns of the prediction log. Optional ones are null when absent. */
  public record Predictions(
      TableRef table,
      String timestamp,
      String modelIdColumn,
      String modelVersion,
      String predictionId,
      String score,
      String prediction,
      String label,
      String latencyMs,
      String status,
      String source) {}

  /** Ground truth that arrives later, joined on the prediction id. */
  public record Labels(TableRef table, String predictionId, String label) {}

  public record Features(List<String> numeric, List<String> categorical) {
    public Features {
      numeric = List.copyOf(numeric);
      categorical = List.copyOf(categorical);
    }

    public List<String> all() {
      List<String> all = new ArrayList<>(numeric);
      all.addAll(categorical);
      return all;
    }
  }

  public record Slices(List<String> protectedAttributes, List<String> other) {
    public Slices {
      protectedAttributes = List.copyOf(protectedAttributes);
      other = List.copyOf(other);
    }
  }

  /** The training snapshot; {@code version} is null when the spec pins none. */
  public record Baseline(TableRef table, Long version, String label, String score) {}

  /** The feature name under which output drift (the score's PSI) is reported. */
  public static final String SCORE_FEATURE = "__score__";
}
