package io.steward.jobs.scan;

import io.steward.common.domain.ProblemType;
import io.steward.common.metrics.drift.ModelBaseline;
import io.steward.common.metrics.drift.NumericSlots;
import io.steward.common.spec.MonitorSpec;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the window profiler needs to know about one model, taken from its monitor spec and baseline
 * on the driver and shipped to the executors with the aggregation.
 *
 * @param attributes the fairness attributes: each protected column, then each intersection
 * @param attributeColumns for each attribute, the positions of its columns among the protected
 *     columns
 * @param numeric the slots of the baseline's numeric features
 * @param categorical the slots of the baseline's categorical features
 * @param columns where the model's values sit among the scan's value columns ({@link ProfileInput})
 * @param checksIds whether rows carry prediction ids to check for duplicates (a training snapshot
 *     has none)
 * @param futureAfterMicros rows stamped later than this (the run's start) are future rows
 * @param shadow in shadow mode, the champion against which every other version of the model is
 *     paired by prediction id each night, and the version watched after a promotion; null otherwise
 * @param hasVersion whether the spec names a model version column (a row whose version is null is
 *     then counted as {@code version_missing})
 */
public record ModelRules(
    String modelId,
    ProblemType problemType,
    double decisionThreshold,
    double favorable,
    List<String> attributes,
    List<int[]> attributeColumns,
    List<String> otherSlices,
    int minGroupSize,
    Set<String> okStatus,
    Double capacityPerMinute,
    boolean hasLabels,
    boolean hasScore,
    boolean hasPrediction,
    boolean hasLatency,
    boolean hasStatus,
    boolean hasSource,
    boolean hasLabelTime,
    NumericSlots numeric,
    CategoricalSlots categorical,
    Columns columns,
    boolean checksIds,
    long futureAfterMicros,
    ShadowRules shadow,
    boolean hasVersion)
    implements Serializable {

  public ModelRules {
    attributes = List.copyOf(attributes);
    attributeColumns = List.copyOf(attributeColumns);
    otherSlices = List.copyOf(otherSlices);
    okStatus = Set.copyOf(okStatus);
  }

  /**
   * The positions of a model's values among a scan's value columns: its numeric and categorical
   * features in the baseline's order, and its slice columns (protected, then other).
   */
  public record Columns(int[] numeric, int[] categorical, int[] slices) implements Serializable {}

  /** The rules of a spec and its baseline, whose values sit at {@code columns} of the scan. */
  public static ModelRules of(
      MonitorSpec spec,
      ModelBaseline baseline,
      long futureAfterMicros,
      Columns columns,
      ShadowRules shadow) {
    List<String> protectedColumns = spec.slices().protectedAttributes();
    List<String> attributes = new ArrayList<>(protectedColumns);
    List<int[]> attributeColumns = new ArrayList<>();
    for (int i = 0; i < protectedColumns.size(); i++) {
      attributeColumns.add(new int[] {i});
    }
    for (List<String> x : spec.slices().intersections()) {
      attributes.add(MonitorSpec.Slices.intersectionName(x));
      attributeColumns.add(x.stream().mapToInt(protectedColumns::indexOf).toArray());
    }
    double favorable = favorableClass(spec);
    MonitorSpec.Predictions p = spec.predictions();
    return new ModelRules(
        spec.modelId().value(),
        spec.problemType(),
        spec.decisionThreshold(),
        favorable,
        attributes,
        attributeColumns,
        spec.slices().other(),
        spec.minGroupSize(),
        new HashSet<>(spec.operations().okStatus()),
        spec.operations().capacityPerMinute(),
        spec.hasLabels(),
        p.score() != null,
        p.prediction() != null,
        p.latencyMs() != null,
        p.status() != null,
        p.source() != null,
        spec.labels().map(l -> l.timestamp() != null).orElse(false),
        NumericSlots.of(baseline),
        CategoricalSlots.of(baseline),
        columns,
        true,
        futureAfterMicros,
        shadow,
        p.modelVersion() != null);
  }

  /** The favourable class, 1 or 0, as the scan reads the spec's {@code favorable_prediction}. */
  public static double favorableClass(MonitorSpec spec) {
    String fav = spec.favorablePrediction().toLowerCase(Locale.ROOT);
    return fav.equals("1") || fav.equals("1.0") || fav.equals("true") ? 1.0 : 0.0;
  }

  public boolean binary() {
    return problemType == ProblemType.BINARY_CLASSIFICATION;
  }

  /** How many protected columns the model has: the attributes of one column each. */
  int protectedCount() {
    return (int) attributeColumns.stream().filter(c -> c.length == 1).count();
  }
}
