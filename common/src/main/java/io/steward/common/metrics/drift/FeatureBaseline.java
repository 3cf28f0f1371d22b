package io.steward.common.metrics.drift;

import io.steward.common.domain.FeatureType;
import java.io.Serializable;
import java.util.List;

/**
 * What drift needs to know about one feature of a training snapshot.
 *
 * @param edges numeric only: distinct ascending bin edges; bins are (-inf, e1], (e1, e2], ..., (ek,
 *     +inf)
 * @param categories categorical only: the most frequent baseline categories, in bin order; one more
 *     bin, OTHER, takes every other value
 * @param knownCategories categorical only: every category in the baseline, or null when there were
 *     too many to keep (then the new-category rate is not computed)
 * @param min numeric only: smallest non-missing baseline value, null if there was none
 * @param max numeric only: largest non-missing baseline value, null if there was none
 * @param expected proportion of the baseline's non-missing values in each bin
 * @param nonMissingCount baseline values that are neither null nor NaN
 */
public record FeatureBaseline(
    String feature,
    FeatureType type,
    List<Double> edges,
    List<String> categories,
    List<String> knownCategories,
    Double min,
    Double max,
    List<Double> expected,
    long nonMissingCount)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public FeatureBaseline {
    edges = edges == null ? List.of() : List.copyOf(edges);
    categories = categories == null ? List.of() : List.copyOf(categories);
    knownCategories = knownCategories == null ? null : List.copyOf(knownCategories);
    expected = expected == null ? List.of() : List.copyOf(expected);
  }

  /** Bins used in the PSI sum: edges + 1 for numeric, categories + OTHER for categorical. */
  public int binCount() {
    return type == FeatureType.NUMERIC ? edges.size() + 1 : categories.size() + 1;
  }

  /** Bins as reported: a numeric feature with no baseline values has no edges and no bins. */
  public int reportedBinCount() {
    return type == FeatureType.NUMERIC && nonMissingCount == 0 ? 0 : binCount();
  }

  /**
   * Counting slots of this feature in a histogram: one per bin, then one for out-of-range (numeric)
   * or unseen-category (categorical) values, then one for missing values.
   */
  public int slotCount() {
    return binCount() + 2;
  }

  /** Copy with the baseline proportions and non-missing count filled in. */
  public FeatureBaseline withProportions(List<Double> proportions, long nonMissing) {
    return new FeatureBaseline(
        feature, type, edges, categories, knownCategories, min, max, proportions, nonMissing);
  }
}
