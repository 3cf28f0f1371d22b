package io.steward.common.metrics.drift;

import io.steward.common.domain.FeatureType;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;

/**
 * The histogram slots of a model's categorical features, looked up in hash maps: a value counts in
 * its baseline category's bin, in OTHER when it is not one of the top categories, in the missing
 * slot when null; and in the extra slot when the baseline never saw it (when the baseline kept its
 * known categories). One hash lookup per value, where a chain of comparisons would cost one per
 * category. Built on the driver from the baseline, used on the executors.
 */
public final class CategoricalSlots implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int[] offsets;
  private final int[] bins;
  private final List<HashMap<String, Integer>> index;
  private final List<HashSet<String>> known;

  private CategoricalSlots(
      int[] offsets,
      int[] bins,
      List<HashMap<String, Integer>> index,
      List<HashSet<String>> known) {
    this.offsets = offsets;
    this.bins = bins;
    this.index = index;
    this.known = known;
  }

  /** The slots of the baseline's categorical features, in the baseline's order. */
  public static CategoricalSlots of(ModelBaseline baseline) {
    List<Integer> offsets = new ArrayList<>();
    List<Integer> bins = new ArrayList<>();
    List<HashMap<String, Integer>> index = new ArrayList<>();
    List<HashSet<String>> known = new ArrayList<>();
    for (int i = 0; i < baseline.features().size(); i++) {
      FeatureBaseline f = baseline.features().get(i);
      if (f.type() != FeatureType.CATEGORICAL) {
        continue;
      }
      offsets.add(baseline.slotOffset(i));
      bins.add(f.binCount());
      HashMap<String, Integer> positions = new HashMap<>();
      for (int c = 0; c < f.categories().size(); c++) {
        positions.putIfAbsent(f.categories().get(c), c);
      }
      index.add(positions);
      known.add(f.knownCategories() == null ? null : new HashSet<>(f.knownCategories()));
    }
    return new CategoricalSlots(
        offsets.stream().mapToInt(Integer::intValue).toArray(),
        bins.stream().mapToInt(Integer::intValue).toArray(),
        index,
        known);
  }

  /**
   * How many categorical features there are: the length of the values list {@link #count} takes.
   */
  public int size() {
    return offsets.length;
  }

  /** Receives the slots a value counts in. */
  @FunctionalInterface
  public interface Sink {
    void count(int slot);
  }

  /**
   * Counts one row's categorical values (text, in feature order; null when missing).
   *
   * @param values the row's values of the categorical features
   */
  public void count(List<String> values, Sink sink) {
    for (int i = 0; i < offsets.length; i++) {
      String v = values.get(i);
      int offset = offsets[i];
      int n = bins[i];
      if (v == null) {
        sink.count(offset + n + 1);
        continue;
      }
      Integer position = index.get(i).get(v);
      sink.count(position == null ? offset + n - 1 : offset + position);
      HashSet<String> seen = known.get(i);
      if (seen != null && !seen.contains(v)) {
        sink.count(offset + n);
      }
    }
  }
}
