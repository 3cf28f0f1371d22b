package io.steward.common.testing;

/** Monitor specs shared by the tests of every module. */
public final class Specs {
  private Specs() {}

  /** A valid spec of every block: a binary classifier with late labels, slices and a baseline. */
  public static final String VALID =
      """
      model_id: credit_limit
      problem_type: binary_classification
      predictions:
        table: delta.`/data/log`
        timestamp: event_ts
        model_id: model_id
        model_version: model_version
        prediction_id: prediction_id
        score: score
        prediction: decision
      labels:
        table: bank.outcomes
        prediction_id: prediction_id
        label: outcome
      features:
        numeric: [income, utilization]
        categorical: [region]
      slices:
        protected: [gender]
      baseline:
        table: delta.`/data/train`
        version: 12
        score: score
      decision_threshold: 0.4
      min_group_size: 50
      """;
}
