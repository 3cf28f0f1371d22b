package io.steward.common.metrics.drift;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * The baseline of one model: its features' bins and proportions, and where they came from.
 *
 * @param baselineId identifies this build of the baseline; drift rows name the one they used
 * @param snapshotTable the training snapshot, as written in the spec
 * @param snapshotVersion the Delta version of the snapshot that was read
 * @param rowCount rows in the snapshot at that version
 */
public record ModelBaseline(
    String baselineId,
    String modelId,
    String modelVersion,
    String snapshotTable,
    long snapshotVersion,
    long rowCount,
    Instant builtAt,
    List<FeatureBaseline> features)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public ModelBaseline {
    features = List.copyOf(features);
  }

  /** First histogram slot of the feature at {@code index}. */
  public int slotOffset(int index) {
    int offset = 0;
    for (int i = 0; i < index; i++) {
      offset += features.get(i).slotCount();
    }
    return offset;
  }

  public int slotCount() {
    return slotOffset(features.size());
  }

  public FeatureBaseline feature(String name) {
    return features.stream().filter(f -> f.feature().equals(name)).findFirst().orElse(null);
  }

  /** Copy with the snapshot's row count and the features' proportions filled in. */
  public ModelBaseline withCounts(long rows, List<FeatureBaseline> counted) {
    return new ModelBaseline(
        baselineId, modelId, modelVersion, snapshotTable, snapshotVersion, rows, builtAt, counted);
  }
}
