package io.steward.jobs.labels;

import io.steward.common.errors.Errors;
import org.apache.spark.sql.SparkSession;

/** The labels join's one setting, read from the Spark session's configuration on the driver. */
public final class LabelSettings {
  private LabelSettings() {}

  /**
   * Latest labels up to this many per labels table are indexed on every executor instead of
   * shuffling the log; the Spark setting {@value #BROADCAST_SETTING} changes it. A label takes
   * about 38 bytes off the Java heap ({@link LabelIndex#bytes}), so the default's largest index is
   * about 300 MB per executor, which counts against Spark's executor memory overhead.
   */
  public static final long BROADCAST_LABELS = 8_000_000L;

  public static final String BROADCAST_SETTING = "spark.steward.labels.broadcastRows";

  /** The broadcast limit in effect: the Spark setting, else {@link #BROADCAST_LABELS}. */
  public static long broadcastLimit(SparkSession spark) {
    String v = spark.conf().get(BROADCAST_SETTING, String.valueOf(BROADCAST_LABELS));
    try {
      long n = Long.parseLong(v.strip());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw Errors.badArgument(BROADCAST_SETTING, v, "a whole number of label rows, 0 or more");
  }
}
