package io.steward.jobs.bench;

import java.util.List;
import java.util.Locale;

/**
 * The monitor spec of a bench model, as YAML: its log and labels tables, its features, three
 * protected attributes sliced for performance too, and its training snapshot.
 */
final class BenchSpecs {
  private BenchSpecs() {}

  /** The spec's decision threshold: a score at or above it predicts class 1. */
  static final double DECISION_THRESHOLD = 0.5;

  /** The spec's favourable prediction. */
  static final int FAVORABLE = 1;

  /** The spec's smallest fairness group shown. */
  static final int MIN_GROUP_SIZE = 30;

  /** The spec's capacity per minute. */
  static final double CAPACITY_PER_MINUTE = 100_000;

  /** The status values that mean success (the spec's default). */
  static final List<String> OK_STATUS = List.of("OK");

  /** The spec of model {@code m} of {@code data}. */
  static String yaml(BenchData data, int m) {
    int t = data.tableOf(m);
    return String.format(
        Locale.ROOT,
        """
            model_id: %s
            problem_type: binary_classification
            predictions:
              table: delta.`%s`
              timestamp: event_ts
              model_id: model_id
              model_version: model_version
              prediction_id: prediction_id
              score: score
              latency_ms: latency_ms
              status: status
              source: source
            labels:
              table: delta.`%s`
              prediction_id: prediction_id
              label: label
              timestamp: labeled_at
            features:
              numeric: [%s]
              categorical: [%s]
            slices:
              protected: [gender, age_band, region]
              other: [gender, age_band, region]
            baseline:
              table: delta.`%s`
              version: 0
              label: label
              score: score
            decision_threshold: %s
            favorable_prediction: %d
            min_group_size: %d
            capacity_per_minute: %d
            freshness_sla_hours: 2
            """,
        data.model(m),
        data.log(t),
        data.labels(t),
        String.join(", ", data.numericColumns()),
        String.join(", ", data.categoricalColumns()),
        data.snapshot(m),
        DECISION_THRESHOLD,
        FAVORABLE,
        MIN_GROUP_SIZE,
        (long) CAPACITY_PER_MINUTE);
  }
}
