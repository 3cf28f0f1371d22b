package io.steward.jobs.scan;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.execution.FileSourceScanLike;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.apache.spark.sql.execution.adaptive.QueryStageExec;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Counts how many times an executed query plan read a table's files: one file scan node over the
 * table's root path is one pass over its data. A reused exchange reads nothing again and is not
 * counted. This is how a run proves (in {@code job_runs.inputs.scans}) that it read each log table
 * once per night for every metric.
 */
public final class ScanCounter {
  private ScanCounter() {}

  /** The root paths of the files a dataset reads (a table read on its own). */
  public static Set<String> roots(Dataset<?> table) {
    Set<String> roots = new HashSet<>();
    for (FileSourceScanLike scan : scans(table.queryExecution().executedPlan())) {
      for (Path p : CollectionConverters.asJava(scan.relation().location().rootPaths())) {
        roots.add(p.toUri().getPath());
      }
    }
    return roots;
  }

  /** How many scan nodes of an executed (or executing) plan read any of the roots. */
  public static int count(Dataset<?> executed, Set<String> roots) {
    int n = 0;
    for (FileSourceScanLike scan : scans(executed.queryExecution().executedPlan())) {
      for (Path p : CollectionConverters.asJava(scan.relation().location().rootPaths())) {
        if (roots.contains(p.toUri().getPath())) {
          n++;
          break;
        }
      }
    }
    return n;
  }

  private static List<FileSourceScanLike> scans(SparkPlan plan) {
    List<FileSourceScanLike> found = new ArrayList<>();
    collect(plan, found);
    return found;
  }

  private static void collect(SparkPlan plan, List<FileSourceScanLike> found) {
    if (plan instanceof AdaptiveSparkPlanExec adaptive) {
      collect(adaptive.executedPlan(), found);
      return;
    }
    if (plan instanceof QueryStageExec stage) {
      collect(stage.plan(), found);
      return;
    }
    if (plan instanceof FileSourceScanLike scan) {
      found.add(scan);
    }
    for (SparkPlan child : CollectionConverters.asJava(plan.children())) {
      collect(child, found);
    }
  }
}
