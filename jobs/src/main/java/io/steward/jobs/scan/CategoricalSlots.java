package io.steward.jobs.scan;

import io.steward.common.domain.FeatureType;
import io.steward.common.metrics.drift.FeatureBaseline;
import io.steward.common.metrics.drift.ModelBaseline;
import io.steward.common.metrics.drift.SlotSink;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The histogram slots of a model's categorical features, looked up in hash maps: a value counts in
 * its baseline category's bin, in OTHER when it is not one of the top categories, in the missing
 * slot when null; and in the extra slot when the baseline never saw it (when the baseline kept its
 * known categories). One hash lookup per value, on Spark's own UTF-8 text (no Java string is made
 * per row), where a chain of comparisons would cost one per category. Built on the driver from the
 * baseline, used on the executors.
 */
public final class CategoricalSlots implements Serializable {
  private static final long serialVersionUID = 1L;

  /** In {@link #index}: the value is a known category of the baseline, but not a top one. */
  private static final int KNOWN_OTHER = -1;

  private final int[] offsets;
  private final int[] bins;
  private final boolean[] keepsKnown;

  /** A value that is not in a feature's table. */
  private static final int UNSEEN = Integer.MIN_VALUE;

  private final List<Utf8Lookup> index;

  private CategoricalSlots(
      int[] offsets, int[] bins, boolean[] keepsKnown, List<Utf8Lookup> index) {
    this.offsets = offsets;
    this.bins = bins;
    this.keepsKnown = keepsKnown;
    this.index = index;
  }

  /** The slots of the baseline's categorical features, in the baseline's order. */
  public static CategoricalSlots of(ModelBaseline baseline) {
    List<Integer> offsets = new ArrayList<>();
    List<Integer> bins = new ArrayList<>();
    List<Boolean> keepsKnown = new ArrayList<>();
    List<Utf8Lookup> index = new ArrayList<>();
    for (int i = 0; i < baseline.features().size(); i++) {
      FeatureBaseline f = baseline.features().get(i);
      if (f.type() != FeatureType.CATEGORICAL) {
        continue;
      }
      offsets.add(baseline.slotOffset(i));
      bins.add(f.binCount());
      Map<String, Integer> positions = new LinkedHashMap<>();
      if (f.knownCategories() != null) {
        for (String c : f.knownCategories()) {
          positions.put(c, KNOWN_OTHER);
        }
      }
      for (int c = f.categories().size() - 1; c >= 0; c--) {
        positions.put(f.categories().get(c), c);
      }
      keepsKnown.add(f.knownCategories() != null);
      index.add(
          new Utf8Lookup(
              positions.keySet().toArray(String[]::new),
              positions.values().stream().mapToInt(Integer::intValue).toArray()));
    }
    boolean[] keeps = new boolean[keepsKnown.size()];
    for (int i = 0; i < keeps.length; i++) {
      keeps[i] = keepsKnown.get(i);
    }
    return new CategoricalSlots(
        offsets.stream().mapToInt(Integer::intValue).toArray(),
        bins.stream().mapToInt(Integer::intValue).toArray(),
        keeps,
        index);
  }

  /** How many categorical features there are. */
  public int size() {
    return offsets.length;
  }

  /**
   * Counts the value of categorical feature {@code i} (in the baseline's order of categorical
   * features).
   *
   * @param v the value as UTF-8 text, null when missing
   */
  public void count(int i, UTF8String v, SlotSink sink) {
    int offset = offsets[i];
    int n = bins[i];
    if (v == null) {
      sink.count(offset + n + 1);
      return;
    }
    int position = index.get(i).get(v, UNSEEN);
    sink.count(position == UNSEEN || position == KNOWN_OTHER ? offset + n - 1 : offset + position);
    if (keepsKnown[i] && position == UNSEEN) {
      sink.count(offset + n);
    }
  }
}
