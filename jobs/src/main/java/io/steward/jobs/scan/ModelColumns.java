package io.steward.jobs.scan;

import static org.apache.spark.sql.functions.col;

import io.steward.common.spec.MonitorSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Column;

/**
 * Which column holds each drift feature of a model, in the prediction log and in the training
 * snapshot. Output drift is the feature {@link MonitorSpec#SCORE_FEATURE}: the log's score column
 * against the snapshot's, when the spec names both.
 */
public final class ModelColumns {
  private ModelColumns() {}

  static boolean hasOutputDrift(MonitorSpec spec) {
    return spec.predictions().score() != null && spec.baseline().score() != null;
  }

  public static Map<String, Column> numeric(MonitorSpec spec, boolean inSnapshot) {
    Map<String, Column> m = new LinkedHashMap<>();
    for (String f : spec.features().numeric()) {
      m.put(f, col(f));
    }
    if (hasOutputDrift(spec)) {
      m.put(
          MonitorSpec.SCORE_FEATURE,
          col(inSnapshot ? spec.baseline().score() : spec.predictions().score()));
    }
    return m;
  }

  public static Map<String, Column> categorical(MonitorSpec spec) {
    Map<String, Column> m = new LinkedHashMap<>();
    for (String f : spec.features().categorical()) {
      m.put(f, col(f));
    }
    return m;
  }

  /** Every drift feature, numeric first then categorical, as the baseline orders them. */
  public static Map<String, Column> all(MonitorSpec spec, boolean inSnapshot) {
    Map<String, Column> m = new LinkedHashMap<>(numeric(spec, inSnapshot));
    m.putAll(categorical(spec));
    return m;
  }
}
