package io.steward.registry.warehouse;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark session every command runs in. Under spark-submit the master and any user settings come
 * from the submission; otherwise Spark runs embedded on {@code local[*]}. Settings below are
 * defaults only: a value already given (spark-submit --conf, or an existing session's conf) wins.
 */
public final class StewardSpark {
  private StewardSpark() {}

  /** Returns the active session if there is one (tests, notebooks), else builds one. */
  public static SparkSession session() {
    SparkSession active = SparkSession.getActiveSession().getOrElse(() -> null);
    if (active != null) {
      return active;
    }
    SparkConf conf = new SparkConf();
    boolean local = !conf.contains("spark.master") || conf.get("spark.master").startsWith("local");
    SparkSession.Builder b = SparkSession.builder().appName("steward");
    if (!conf.contains("spark.master")) {
      b.master("local[*]");
    }
    setDefault(b, conf, "spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
    setDefault(
        b,
        conf,
        "spark.sql.catalog.spark_catalog",
        "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    setDefault(b, conf, "spark.sql.catalogImplementation", "in-memory");
    setDefault(b, conf, "spark.sql.session.timeZone", "UTC");
    if (local) {
      setDefault(b, conf, "spark.ui.enabled", "false");
      setDefault(b, conf, "spark.ui.showConsoleProgress", "false");
      setDefault(b, conf, "spark.sql.shuffle.partitions", "4");
      setDefault(b, conf, "spark.databricks.delta.snapshotPartitions", "1");
      setDefault(b, conf, "spark.databricks.delta.stateReconstructionValidation.enabled", "false");
      setDefault(b, conf, "spark.sql.adaptive.coalescePartitions.initialPartitionNum", "4");
    }
    return b.getOrCreate();
  }

  private static void setDefault(SparkSession.Builder b, SparkConf conf, String key, String value) {
    if (!conf.contains(key)) {
      b.config(key, value);
    }
  }
}
