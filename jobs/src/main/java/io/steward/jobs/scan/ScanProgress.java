package io.steward.jobs.scan;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Progress of a long scan for the person watching: while it is open, the jobs started from this
 * thread report their finished tasks and the rows they read, a line at every tenth of the tasks.
 * Listens on the driver; the figures come from Spark's task metrics. Spark delivers listener events
 * on a thread of its own, possibly after the job has returned to its caller, so {@link #close}
 * waits (bounded) until the listener has seen every event posted before it: then {@link #rowsRead}
 * counts every task.
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

  /** How long {@link #close} waits for the end of the scan's jobs to reach the listener. */
  private static final long SETTLE_MS = 30_000;

  /** The event {@link #close} posts behind the scan's own; seen by nobody else. */
  private static final class Marker implements SparkListenerEvent {
    @Override
    public boolean logEvent() {
      return false;
    }
  }

  @Override
  public void close() {
    sc.setLocalProperty(PROPERTY, null);
    try {
      // Spark posts a job's end before returning it to its caller, and a listener sees events in
      // the order they were posted: once the marker arrives, every task of the scan has been seen.
      sc.listenerBus().post(listener.marker);
      listener.settled = listener.drained.await(SETTLE_MS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      sc.removeSparkListener(listener);
    }
  }

  /**
   * The rows the scan's tasks read from their input files (Spark's {@code recordsRead}: rows
   * decoded after file and row-group skipping, before any filter), or -1 when the count is
   * incomplete (a job's end had not reached the listener in time). Meaningful after {@link #close}.
   */
  public long rowsRead() {
    return listener.settled ? listener.tally.rows.get() : -1;
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
    private final SparkListenerEvent marker = new Marker();
    private final CountDownLatch drained = new CountDownLatch(1);
    private volatile boolean settled;

    @Override
    public void onJobStart(SparkListenerJobStart job) {
      if (job.properties() != null && label.equals(job.properties().getProperty(PROPERTY))) {
        for (StageInfo s : CollectionConverters.asJava(job.stageInfos())) {
          stages.add(s.stageId());
        }
      }
    }

    @Override
    public void onOtherEvent(SparkListenerEvent event) {
      if (event == marker) {
        drained.countDown();
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
