package io.steward.jobs.labels;

import io.steward.common.spec.MonitorSpec;
import io.steward.jobs.scan.ScanCounter;
import io.steward.registry.warehouse.ConcurrentJobs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The labels a run joins: for each labels table (with the columns a spec reads from it), the latest
 * label of each prediction id ({@link LabelRows#latest}). Each source is read by its own job, the
 * jobs run at once, and each job writes the table's rows ({@link LabelRows#of}) as index files
 * under the run's scratch folder, counting them as it goes, without a shuffle: the scan's executors
 * build their index from those files, merging each id's rows into its latest label as they load
 * them (or, above the limit, the shuffle join reads and merges them), so the labels table is read
 * once and the labels never reach the driver. {@link #close} removes the files.
 */
public final class LabelSources implements AutoCloseable {
  private final LabelKey key;
  private final Map<SourceKey, Integer> keys = new LinkedHashMap<>();
  private final List<Pending> pending = new ArrayList<>();
  private final List<LabelSource> prepared = new ArrayList<>();
  private final List<Dataset<Row>> executed = new ArrayList<>();
  private SparkSession spark;
  private String scratch;

  /** A labels table with the columns a spec reads from it: one source, however many join it. */
  private record SourceKey(String table, String predictionId, String label, String timestamp) {}

  /** The sources of a run: prediction ids keyed by {@link LabelKey#FULL}. */
  public LabelSources() {
    this(LabelKey.FULL);
  }

  /** The sources of a run whose prediction ids are keyed by {@code key}. */
  public LabelSources(LabelKey key) {
    this.key = key;
  }

  private static final class Pending {
    final String table;
    final Dataset<Row> rows;
    final MonitorSpec.Labels labels;
    Instant earliest;

    Pending(String table, Dataset<Row> rows, MonitorSpec.Labels labels, Instant e) {
      this.table = table;
      this.rows = rows;
      this.labels = labels;
      this.earliest = e;
    }
  }

  /**
   * Registers a source (once per table and label columns, however many scans join it) and returns
   * its number for {@link #get}.
   *
   * @param earliest the first window's start of the scan joining it (see {@link LabelRows#of}); the
   *     source serves every scan from the earliest of these
   */
  public int add(String table, Dataset<Row> rows, MonitorSpec.Labels labels, Instant earliest) {
    SourceKey source =
        new SourceKey(table, labels.predictionId(), labels.label(), labels.timestamp());
    Integer known = keys.get(source);
    if (known != null) {
      Pending p = pending.get(known);
      if (earliest.isBefore(p.earliest)) {
        p.earliest = earliest;
      }
      return known;
    }
    pending.add(new Pending(table, rows, labels, earliest));
    keys.put(source, pending.size() - 1);
    return pending.size() - 1;
  }

  /**
   * Computes, writes and counts every source's latest labels, the sources at once.
   *
   * @param scratch a folder of the run's own (it must not exist yet), which every executor can
   *     read: the run's folder under the warehouse's scratch folder
   */
  public void prepare(SparkSession spark, String scratch) {
    long limit = LabelSettings.broadcastLimit(spark);
    this.spark = spark;
    this.scratch = scratch;
    SerializableConf conf = new SerializableConf(spark.sessionState().newHadoopConf());
    List<java.util.concurrent.Callable<LabelSource>> jobs = new ArrayList<>();
    for (int j = 0; j < pending.size(); j++) {
      Pending p = pending.get(j);
      String dir = scratch + "/labels-" + j;
      jobs.add(() -> prepare(p, dir, conf, limit));
    }
    prepared.addAll(ConcurrentJobs.all(spark, "reading the labels", jobs));
  }

  private LabelSource prepare(Pending p, String dir, SerializableConf conf, long limit) {
    // The rows go to the files as they are read, without a shuffle: each executor's index
    // merges an id's rows into its latest label as it loads them (LabelIndex#load).
    Dataset<Row> written =
        LabelRows.of(p.rows, p.labels, p.earliest, key)
            .mapPartitions(
                (MapPartitionsFunction<Row, Row>) it -> LabelFiles.write(it, dir, conf),
                Encoders.row(LabelFiles.WRITTEN));
    long n = 0;
    // One small row per partition (its file and count), never the labels themselves.
    for (Row r : written.collectAsList()) {
      n += r.getLong(1);
    }
    record(written);
    if (n <= limit && n <= LabelIndex.MAX_LABELS) {
      return new LabelSource(p.table, null, new LabelIndexes.Source(scratch, dir, n, conf), key);
    }
    Dataset<Row> rows =
        spark
            .read()
            .format("binaryFile")
            .option("pathGlobFilter", "part-*.bin")
            .load(dir)
            .select("content")
            .flatMap(
                (FlatMapFunction<Row, Row>) r -> LabelFiles.decode((byte[]) r.get(0)),
                Encoders.row(LabelFiles.LATEST));
    return new LabelSource(p.table, LabelRows.latest(rows), null, key);
  }

  /**
   * What the prepared sources hold, for the run's progress: ": 3 table(s), 120000 label rows
   * written for the executors' index (4.6 MB off the heap on each)", with the tables a shuffle
   * joins instead. Each executor builds its index from the files when its first task of the scan
   * asks for a label, so that time is the scan's.
   */
  public String describe() {
    long indexed = 0;
    long bytes = 0;
    long shuffled = 0;
    for (LabelSource s : prepared) {
      if (s.indexed()) {
        indexed += s.index().labels();
        bytes += LabelIndex.bytes(s.index().labels());
      } else {
        shuffled++;
      }
    }
    return String.format(
        java.util.Locale.ROOT,
        ": %d table(s), %d label rows written for the executors' index (%.1f MB off the heap"
            + " on each)%s",
        prepared.size(),
        indexed,
        bytes / 1e6,
        shuffled == 0
            ? ""
            : ", " + shuffled + " table(s) above the index limit joined by a shuffle");
  }

  /** Removes the run's label files and drops the indexes this JVM built from them. */
  @Override
  public void close() {
    if (scratch == null) {
      return;
    }
    LabelIndexes.release(scratch);
    Scratch.delete(spark, scratch);
    scratch = null;
  }

  private synchronized void record(Dataset<Row> query) {
    executed.add(query);
  }

  /** A prepared source. */
  public LabelSource get(int source) {
    return prepared.get(source);
  }

  /** How many times the queries that read labels tables read the files under {@code roots}. */
  public synchronized int scans(Set<String> roots) {
    int n = 0;
    for (Dataset<Row> q : executed) {
      n += ScanCounter.count(q, roots);
    }
    return n;
  }
}
