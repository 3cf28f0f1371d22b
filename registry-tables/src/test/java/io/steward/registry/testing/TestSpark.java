package io.steward.registry.testing;

import io.steward.registry.warehouse.LinkingLogStore;
import io.steward.registry.warehouse.LocalFiles;
import io.steward.registry.warehouse.StewardSpark;
import org.apache.spark.sql.SparkSession;

/**
 * The one Spark session of a test JVM: local[2], UI off, few shuffle partitions, UTC, with Delta
 * when it is on the classpath. Starting a session costs seconds on two cores, so every test class
 * of a module shares this one.
 *
 * <p>Spark evaluates expressions interpreted here rather than through generated code: on the tests'
 * few hundred rows, compiling the generated Java of every query cost about a fifth of the tests'
 * time, and Spark holds both paths to the same results (Steward defines no expression of its own).
 * The generated-code path is what the integration tests, the demo and the benchmark run, through
 * the real launcher with its defaults.
 *
 * <p>The file system and Delta settings are the embedded launcher's own ({@code StewardSpark} for a
 * local master): Hadoop's local file system without a {@code chmod} or {@code readlink} process per
 * file ({@link LocalFiles}; the default one started about 1,300 processes in a run of
 * NightlyEndToEndTest), and no re-validation of each reconstructed Delta snapshot.
 */
public final class TestSpark {
  private TestSpark() {}

  private static SparkSession session;

  public static synchronized SparkSession get() {
    if (session == null) {
      SparkSession.Builder b =
          SparkSession.builder()
              .master("local[2]")
              .appName("steward-tests")
              .config("spark.ui.enabled", "false")
              .config("spark.ui.showConsoleProgress", "false")
              .config("spark.sql.shuffle.partitions", "2")
              .config("spark.sql.adaptive.coalescePartitions.initialPartitionNum", "2")
              .config("spark.default.parallelism", "2")
              .config("spark.sql.session.timeZone", "UTC")
              .config("spark.sql.catalogImplementation", "in-memory")
              .config("spark.databricks.delta.snapshotPartitions", "1")
              .config("spark.databricks.delta.stateReconstructionValidation.enabled", "false")
              .config("spark.hadoop.fs.file.impl", LocalFiles.class.getName())
              .config("spark.hadoop.fs.AbstractFileSystem.file.impl", LocalFiles.Fs.class.getName())
              .config(StewardSpark.LOG_STORE_FILE, LinkingLogStore.class.getName())
              .config("spark.sql.codegen.wholeStage", "false")
              .config("spark.sql.codegen.factoryMode", "NO_CODEGEN")
              .config("spark.driver.host", "127.0.0.1")
              .config("spark.driver.bindAddress", "127.0.0.1");
      if (hasDelta()) {
        b.config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
            .config(
                "spark.sql.catalog.spark_catalog",
                "org.apache.spark.sql.delta.catalog.DeltaCatalog");
      }
      String extra = System.getProperty("steward.test.spark", "");
      for (String kv : extra.split(",")) {
        if (!kv.isBlank()) {
          String[] p = kv.split("=", 2);
          b.config(p[0], p[1]);
        }
      }
      session = b.getOrCreate();
      SparkSession.setActiveSession(session);
      SparkSession.setDefaultSession(session);
    }
    return session;
  }

  private static boolean hasDelta() {
    try {
      Class.forName("io.delta.sql.DeltaSparkSessionExtension");
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
