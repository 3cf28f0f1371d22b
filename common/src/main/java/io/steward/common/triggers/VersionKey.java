package io.steward.common.triggers;

import java.util.Objects;

/** A model version as it appears in the logs; {@code version} is null for rows that name none. */
public record VersionKey(String modelId, String version) {
  public VersionKey {
    Objects.requireNonNull(modelId, "modelId");
  }

  @Override
  public String toString() {
    return version == null ? modelId : modelId + " " + version;
  }
}
