package io.steward.common.selftest;

import io.steward.common.decisions.Rule;
import io.steward.common.decisions.RuleThreshold;
import io.steward.common.decisions.Thresholds;
import io.steward.common.domain.ProblemType;
import io.steward.common.metrics.drift.FeatureBaseline;
import io.steward.common.metrics.drift.ModelBaseline;
import io.steward.common.spec.MonitorSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans a model's self-test from its spec and baseline (pure): for each case, the column changed
 * and the value injected, or why the model cannot have the case. Values are chosen from the
 * baseline so that the rule must fire whatever the sample: a feature or score moved wholly into the
 * baseline's least populated bin, values above the baseline's maximum, a category it never saw, a
 * latency ten times the rule's highest level.
 */
public final class SelfTestPlan {
  private SelfTestPlan() {}

  /** The category and the status the cases inject. */
  public static final String NEW_CATEGORY = "__steward_selftest_new_category__";

  public static final String ERROR_STATUS = "__steward_selftest_error__";

  /** The two groups of the disparity case. */
  public static final String FAVOURED = "__steward_selftest_favoured__";

  public static final String REFUSED = "__steward_selftest_refused__";

  public static List<Injection> plan(MonitorSpec spec, ModelBaseline b, Thresholds thresholds) {
    List<Injection> out = new ArrayList<>();
    out.add(new Injection(SelfTestCase.CONTROL, null, null, null, null));
    List<String> numeric = spec.features().numeric();
    List<String> categorical = spec.features().categorical();
    MonitorSpec.Predictions p = spec.predictions();

    FeatureBaseline shifted = null;
    for (String f : numeric) {
      FeatureBaseline fb = b.feature(f);
      if (fb != null && !fb.edges().isEmpty()) {
        shifted = fb;
        break;
      }
    }
    out.add(
        shifted == null
            ? Injection.notApplicable(
                SelfTestCase.FEATURE_SHIFT,
                "no numeric feature with more than one value in the baseline")
            : new Injection(
                SelfTestCase.FEATURE_SHIFT,
                shifted.feature(),
                shifted.feature(),
                thinnestBinValue(shifted),
                null));

    FeatureBaseline score = p.score() == null ? null : b.feature(MonitorSpec.SCORE_FEATURE);
    out.add(
        score == null || score.edges().isEmpty()
            ? Injection.notApplicable(
                SelfTestCase.SCORE_SHIFT,
                p.score() == null ? "no score column" : "the baseline's scores have a single value")
            : new Injection(
                SelfTestCase.SCORE_SHIFT, p.score(), "", thinnestBinValue(score), null));

    String first =
        !numeric.isEmpty() ? numeric.get(0) : categorical.isEmpty() ? null : categorical.get(0);
    out.add(
        first == null
            ? Injection.notApplicable(SelfTestCase.MISSING_SPIKE, "no feature")
            : new Injection(SelfTestCase.MISSING_SPIKE, first, first, null, null));

    out.add(
        categorical.isEmpty()
            ? Injection.notApplicable(SelfTestCase.NEW_CATEGORY, "no categorical feature")
            : new Injection(
                SelfTestCase.NEW_CATEGORY,
                categorical.get(0),
                categorical.get(0),
                NEW_CATEGORY,
                null));

    FeatureBaseline ranged = null;
    for (String f : numeric) {
      FeatureBaseline fb = b.feature(f);
      if (fb != null && fb.max() != null) {
        ranged = fb;
        break;
      }
    }
    out.add(
        ranged == null
            ? Injection.notApplicable(
                SelfTestCase.OUT_OF_RANGE, "no numeric feature with values in the baseline")
            : new Injection(
                SelfTestCase.OUT_OF_RANGE,
                ranged.feature(),
                ranged.feature(),
                ranged.max() + Math.max(1.0, Math.abs(ranged.max() - ranged.min())),
                null));

    List<String> protectedColumns = spec.slices().protectedAttributes();
    boolean binary = spec.problemType() == ProblemType.BINARY_CLASSIFICATION;
    out.add(
        !binary || protectedColumns.isEmpty() || (p.score() == null && p.prediction() == null)
            ? Injection.notApplicable(
                SelfTestCase.GROUP_DISPARITY,
                !binary
                    ? "fairness is measured for binary classifiers"
                    : protectedColumns.isEmpty()
                        ? "no protected attribute"
                        : "no score or prediction column")
            : new Injection(
                SelfTestCase.GROUP_DISPARITY,
                protectedColumns.get(0),
                protectedColumns.get(0),
                null,
                null));

    out.add(
        p.latencyMs() == null
            ? Injection.notApplicable(SelfTestCase.LATENCY_SPIKE, "no latency column")
            : new Injection(
                SelfTestCase.LATENCY_SPIKE,
                p.latencyMs(),
                "",
                10 * highest(thresholds.of(Rule.LATENCY_P99_MS), 1000.0),
                null));

    out.add(
        p.status() == null
            ? Injection.notApplicable(SelfTestCase.ERROR_SPIKE, "no status column")
            : new Injection(SelfTestCase.ERROR_SPIKE, p.status(), "", ERROR_STATUS, null));
    return out;
  }

  /**
   * A value inside the bounded bin of the baseline with the smallest share: the bin's upper edge
   * (bins are (-inf, e1], (e1, e2], ...; the last, unbounded bin is left out so that the value is
   * not beyond the baseline's maximum).
   */
  static double thinnestBinValue(FeatureBaseline f) {
    List<Double> edges = f.edges();
    List<Double> expected = f.expected();
    int best = 0;
    for (int i = 1; i < edges.size(); i++) {
      if (share(expected, i) < share(expected, best)) {
        best = i;
      }
    }
    return edges.get(best);
  }

  private static double share(List<Double> expected, int i) {
    return i < expected.size() && expected.get(i) != null ? expected.get(i) : 0.0;
  }

  private static double highest(RuleThreshold t, double fallback) {
    double h = Double.NEGATIVE_INFINITY;
    if (t.warn() != null) {
      h = Math.max(h, t.warn());
    }
    if (t.critical() != null) {
      h = Math.max(h, t.critical());
    }
    return Double.isInfinite(h) ? fallback : h;
  }
}
