package io.steward.registry.warehouse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.SparkSession;

/**
 * Runs independent pieces of driver work at once, each in its own thread on the same Spark session:
 * Spark schedules their jobs side by side, so small jobs that mostly wait (Delta commits, snapshot
 * reads) overlap, and a job that leaves cores idle lends them to another. Every piece is awaited;
 * the first failure is rethrown once all have ended.
 */
public final class ConcurrentJobs {
  private ConcurrentJobs() {}

  /**
   * @param what what the pieces do, for the message if the wait is interrupted
   * @return each piece's result, in the order given
   */
  public static <T> List<T> all(SparkSession spark, String what, List<Callable<T>> pieces) {
    List<T> results = new ArrayList<>();
    if (pieces.isEmpty()) {
      return results;
    }
    if (pieces.size() == 1) {
      try {
        results.add(pieces.get(0).call());
        return results;
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(pieces.size());
    try {
      List<Future<T>> pending = new ArrayList<>();
      for (Callable<T> piece : pieces) {
        pending.add(
            pool.submit(
                () -> {
                  SparkSession.setActiveSession(spark);
                  return piece.call();
                }));
      }
      RuntimeException first = null;
      for (Future<T> f : pending) {
        try {
          results.add(f.get());
        } catch (ExecutionException e) {
          results.add(null);
          if (first == null) {
            first =
                e.getCause() instanceof RuntimeException r
                    ? r
                    : new IllegalStateException(e.getCause().getMessage(), e.getCause());
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while " + what, e);
        }
      }
      if (first != null) {
        throw first;
      }
      return results;
    } finally {
      pool.shutdown();
    }
  }
}
