package io.steward.jobs.scan;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Progress of a long scan for the person watching: while it is open, the jobs started from this
 * thread report their finished tasks and the rows they read, a line at every tenth of the tasks.
 * Listens on the driver; the figures come from Spark's task metrics.
 */
public final class ScanProgress implements AutoCloseable {
  private static final String PROPERTY = "steward.progress";

  private final SparkContext sc;
  private final String label;
  private final Consumer<String> out;
  private final Listener listener = new Listener();
  private final long started = System.nanoTime();

  private ScanProgress(SparkContext sc, String label, Consumer<String> out) {
    this.sc = sc;
    this.label = label;
    this.out = out;
  }

  /** Starts reporting the jobs this thread runs until {@link #close}. */
  public static ScanProgress start(SparkContext sc, String label, Consumer<String> out) {
    ScanProgress p = new ScanProgress(sc, label, out);
    sc.setLocalProperty(PROPERTY, label);
    sc.addSparkListener(p.listener);
    return p;
  }

  @Override
  public void close() {
    sc.removeSparkListener(listener);
    sc.setLocalProperty(PROPERTY, null);
  }

  /**
   * The tally behind the lines: tasks planned and finished and rows read; a line is due each time
   * the finished tasks pass another tenth of the planned ones.
   */
  static final class Tally {
    private final AtomicInteger tasks = new AtomicInteger();
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicLong rows = new AtomicLong();
    private final AtomicInteger reported = new AtomicInteger();

    void planned(int n) {
      tasks.addAndGet(n);
    }

    /**
     * Counts a finished task.
     *
     * @return the line to print, or null when none is due
     */
    String finished(long rowsRead, String label, double seconds) {
      long read = rows.addAndGet(rowsRead);
      int finished = done.incrementAndGet();
      int total = Math.max(finished, tasks.get());
      int tenth = finished * 10 / total;
      int last = reported.get();
      if (tenth <= last || !reported.compareAndSet(last, tenth)) {
        return null;
      }
      return String.format(
          Locale.ROOT,
          "%s: %d of %d tasks, %,d rows read, %.0f s",
          label,
          finished,
          total,
          read,
          seconds);
    }
  }

  private final class Listener extends SparkListener {
    private final Set<Integer> stages = ConcurrentHashMap.newKeySet();
    private final Tally tally = new Tally();

    @Override
    public void onJobStart(SparkListenerJobStart job) {
      if (job.properties() != null && label.equals(job.properties().getProperty(PROPERTY))) {
        for (StageInfo s : CollectionConverters.asJava(job.stageInfos())) {
          stages.add(s.stageId());
        }
      }
    }

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted submitted) {
      StageInfo s = submitted.stageInfo();
      if (stages.contains(s.stageId())) {
        tally.planned(s.numTasks());
      }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
      if (!stages.contains(end.stageId()) || end.taskMetrics() == null) {
        return;
      }
      String line =
          tally.finished(
              end.taskMetrics().inputMetrics().recordsRead(),
              label,
              (System.nanoTime() - started) / 1e9);
      if (line != null) {
        out.accept(line);
      }
    }
  }
}
