package io.steward.common.metrics.drift;

import io.steward.common.domain.FeatureType;
import io.steward.common.domain.PsiBand;
import java.util.ArrayList;
import java.util.List;

/**
 * One feature's drift in a window, from the window's histogram and the model's baseline.
 *
 * <p>missing_rate = missing / rows; out_of_range_rate (numeric) = non-missing values outside the
 * baseline min..max / non-missing values, when both the window and the baseline have values;
 * new_category_rate (categorical, when the baseline kept all its categories) = values of categories
 * the baseline never had / non-null values. The PSI is {@link Psi#of}.
 *
 * @param psi null when the window or the baseline has no non-missing value
 * @param band the PSI's band, null with it
 * @param rowCount the window's rows
 * @param nonMissingCount the window's values of the feature that are neither null nor NaN
 */
public record FeatureDrift(
    FeatureBaseline baseline,
    Double psi,
    PsiBand band,
    Double missingRate,
    Double outOfRangeRate,
    Double newCategoryRate,
    long rowCount,
    long nonMissingCount) {

  /**
   * Every feature's drift in a window.
   *
   * @param rowCount the window's rows
   * @param counts the window's histogram, slots laid out as {@link ModelBaseline#slotOffset} says:
   *     a feature's bins, then its out-of-range or unseen-category slot, then its missing slot
   */
  public static List<FeatureDrift> of(ModelBaseline model, long rowCount, long[] counts) {
    List<FeatureDrift> out = new ArrayList<>(model.features().size());
    for (int i = 0; i < model.features().size(); i++) {
      out.add(of(model.features().get(i), model.slotOffset(i), rowCount, counts));
    }
    return out;
  }

  private static FeatureDrift of(FeatureBaseline f, int offset, long rowCount, long[] counts) {
    int bins = f.binCount();
    long nonMissing = 0;
    for (int i = 0; i < bins; i++) {
      nonMissing += Psi.count(counts, offset + i);
    }
    long extra = Psi.count(counts, offset + bins);
    long missing = Psi.count(counts, offset + bins + 1);
    Double psi = Psi.of(counts, offset, bins, f.expected(), f.nonMissingCount());
    boolean numeric = f.type() == FeatureType.NUMERIC;
    Double extraRate = nonMissing > 0 ? extra / (double) nonMissing : null;
    return new FeatureDrift(
        f,
        psi,
        psi == null ? null : PsiBand.of(psi),
        rowCount > 0 ? missing / (double) rowCount : null,
        numeric && psi != null ? extraRate : null,
        !numeric && f.knownCategories() != null ? extraRate : null,
        rowCount,
        nonMissing);
  }
}
