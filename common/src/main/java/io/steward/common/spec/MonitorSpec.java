package io.steward.common.spec;

import io.steward.common.decisions.ThresholdOverrides;
import io.steward.common.domain.ModelId;
import io.steward.common.domain.ProblemType;
import io.steward.common.metrics.shadow.ShadowThresholds;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A parsed and validated monitor spec: which log a model writes its predictions to, which of its
 * columns are features, slices and outcomes, and which training snapshot is its baseline.
 *
 * @param thresholds the spec's {@code thresholds:} block, over the policy's defaults for the
 *     model's risk tier ({@link io.steward.common.decisions.ThresholdPolicy#resolve})
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
    int labelLookbackDays,
    Operations operations,
    Optional<Shadow> shadow,
    ThresholdOverrides thresholds,
    String yaml) {

  /**
   * Shadow mode: a challenger version writes its predictions for the same requests as the champion,
   * with the same prediction ids and its own model version, and each night compares the two pair by
   * pair.
   *
   * @param table where the challenger's predictions are, with the log's columns; null when they are
   *     in the predictions table itself
   * @param champion the champion's version while the registry has no PRODUCTION version for the
   *     model (the system a first go-live replaces); once it has one, that version is the champion
   * @param thresholds what makes a night a material discrepancy or too thin to count
   * @param watchNights the nights the previous champion is watched after a promotion
   */
  public record Shadow(
      TableRef table, String champion, ShadowThresholds thresholds, int watchNights) {}

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

  /**
   * Ground truth that arrives later, joined on the prediction id.
   *
   * @param timestamp when the label arrived, for the label lag; null when the table has none
   */
  public record Labels(TableRef table, String predictionId, String label, String timestamp) {}

  /**
   * What the operational metrics compare against.
   *
   * @param capacityPerMinute the predictions per minute the service is sized for, or null
   * @param freshnessSlaHours the oldest the newest prediction may be at the window's end, or null
   * @param okStatus status values that mean success; any other non-null status is an error
   */
  public record Operations(
      Double capacityPerMinute, Double freshnessSlaHours, List<String> okStatus) {
    public Operations {
      okStatus = List.copyOf(okStatus);
    }
  }

  /** How far back a nightly run looks for windows whose labels changed, by default. */
  public static final int DEFAULT_LABEL_LOOKBACK_DAYS = 30;

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

  /**
   * Subgroups. Protected attributes get the fairness metrics, each alone and in every declared
   * intersection (a group of an intersection is a combination of values); other slices get the
   * performance metrics per group.
   */
  public record Slices(
      List<String> protectedAttributes, List<List<String>> intersections, List<String> other) {
    public Slices {
      protectedAttributes = List.copyOf(protectedAttributes);
      intersections = intersections.stream().map(List::copyOf).toList();
      other = List.copyOf(other);
    }

    /** The attribute name of an intersection, for example {@code gender & age_band}. */
    public static String intersectionName(List<String> columns) {
      return String.join(INTERSECTION_SEPARATOR, columns);
    }
  }

  /** Joins the columns of an intersection's name and the values of its groups. */
  public static final String INTERSECTION_SEPARATOR = " & ";

  /** Whether the spec names any ground truth, inline or in a labels table. */
  public boolean hasLabels() {
    return predictions.label() != null || labels.isPresent();
  }

  /** The training snapshot; {@code version} is null when the spec pins none. */
  public record Baseline(TableRef table, Long version, String label, String score) {}

  /** The nights a previous champion is watched after a promotion, unless the spec says. */
  public static final int DEFAULT_WATCH_NIGHTS = 14;

  /** The feature name under which output drift (the score's PSI) is reported. */
  public static final String SCORE_FEATURE = "__score__";
}
