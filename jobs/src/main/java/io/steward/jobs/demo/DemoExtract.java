package io.steward.jobs.demo;

import io.steward.common.spec.TableRef;
import io.steward.registry.store.SourceTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The training extract a demo model version is fitted on and that the data team later drops, so
 * that the version's lineage points at a table that no longer exists. Written from the model's
 * training snapshot on the executors; dropped by deleting its folder through the warehouse's file
 * system (local or object store) on the driver.
 */
final class DemoExtract {
  private DemoExtract() {}

  /** Rows copied from the snapshot into the extract. */
  static final int ROWS = 1000;

  /** Writes the extract of {@code model} and returns its Delta version. */
  static long write(SparkSession spark, DemoLayout layout, String model) {
    String path = layout.extract(model);
    spark
        .read()
        .format("delta")
        .load(layout.snapshot(model))
        .limit(ROWS)
        .write()
        .format("delta")
        .mode("overwrite")
        .option("overwriteSchema", "true")
        .save(path);
    return SourceTables.latestVersion(spark, TableRef.ofPath(path));
  }

  /** Drops the extract of {@code model}: its folder and Delta log are deleted. */
  static void drop(SparkSession spark, DemoLayout layout, String model) {
    Path path = new Path(layout.extract(model));
    try {
      path.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(path, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot drop the demo extract " + path, e);
    }
  }
}
