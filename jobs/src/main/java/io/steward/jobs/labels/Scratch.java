package io.steward.jobs.labels;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * A run's scratch folder under the warehouse ({@code <warehouse>/_steward_scratch/<run id>}): files
 * that only the run itself reads (its label index files), removed when the run ends. A run that
 * crashed leaves its folder behind; the next run removes folders older than {@link #STALE}.
 */
public final class Scratch {
  private Scratch() {}

  static final String FOLDER = "_steward_scratch";

  /** A scratch folder untouched for this long belongs to no run still going. */
  static final Duration STALE = Duration.ofDays(1);

  /** The run's scratch folder, after removing the stale folders of earlier runs. */
  public static String forRun(SparkSession spark, String warehouseRoot, String runId) {
    Path parent = new Path(warehouseRoot, FOLDER);
    long before = System.currentTimeMillis() - STALE.toMillis();
    try {
      FileSystem fs = parent.getFileSystem(spark.sessionState().newHadoopConf());
      if (fs.exists(parent)) {
        for (FileStatus s : fs.listStatus(parent)) {
          if (s.getModificationTime() < before) {
            fs.delete(s.getPath(), true);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear the old scratch folders under " + parent, e);
    }
    return new Path(parent, runId).toString();
  }

  /** Removes a scratch folder and everything in it. */
  static void delete(SparkSession spark, String folder) {
    Path p = new Path(folder);
    try {
      p.getFileSystem(spark.sessionState().newHadoopConf()).delete(p, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the scratch folder " + folder, e);
    }
  }
}
