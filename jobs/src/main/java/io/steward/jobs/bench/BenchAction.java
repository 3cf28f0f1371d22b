package io.steward.jobs.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;

import io.steward.common.domain.TimeWindow;
import io.steward.common.metrics.drift.ModelBaseline;
import io.steward.jobs.StewardContext;
import io.steward.jobs.baseline.BaselineAction;
import io.steward.jobs.monitor.RegisterMonitorAction;
import io.steward.jobs.nightly.NightlyAction;
import io.steward.jobs.warehouse.InitAction;
import io.steward.registry.store.BaselineStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;

/**
 * The benchmark: on one generated warehouse and one Spark session, times the floor (a bare scan of
 * the night's rows reading every column the nightly run needs, each aggregated), Steward's nightly
 * run with every metric, and the naive program ({@link Naive}); checks that Steward's and the naive
 * figures agree; reports wall times, rows per second per core, the ratios and the peak heap, and
 * appends a line to the results file.
 */
public final class BenchAction {
  private BenchAction() {}

  /** Tolerance for PSI and selection rates (exact definitions) and for the binned AUC. */
  static final double EXACT = 1e-9;

  static final double AUC = 1e-4;

  /** Timed passes of the floor and of Steward, taken in turn; the faster of each counts. */
  static final int PASSES = 2;

  public record Params(
      Path dir,
      long rows,
      int models,
      int numeric,
      int categorical,
      boolean naive,
      boolean regenerate,
      Path results,
      String commit) {}

  public record Result(
      double floorSeconds,
      double stewardSeconds,
      Double naiveSeconds,
      long heapMb,
      int compared,
      double worstPsi,
      double worstAuc,
      double worstRate,
      boolean agree,
      String summary) {}

  static final LocalDate NIGHT = LocalDate.of(2026, 3, 2);

  public static Result run(StewardContext ctx, Params p) {
    SparkSession spark = ctx.spark();
    BenchData data =
        new BenchData(
            p.dir().resolve("data").toString(),
            p.rows(),
            p.models(),
            p.numeric(),
            p.categorical(),
            NIGHT);
    Path marker = p.dir().resolve("data/.complete");
    if (p.regenerate() || !Files.exists(marker)) {
      ctx.progress("bench: generating " + p.rows() + " predictions for " + p.models() + " models");
      long t0 = System.nanoTime();
      data.write(spark);
      InitAction.run(ctx);
      for (int m = 0; m < p.models(); m++) {
        RegisterMonitorAction.run(ctx, data.spec(m));
        BaselineAction.run(ctx, data.model(m));
      }
      touch(marker);
      ctx.progress(String.format(Locale.ROOT, "bench: generated in %.1f s", seconds(t0)));
    }
    int cores = Runtime.getRuntime().availableProcessors();

    // Steward runs first, before anything else has run in this JVM, as in a nightly's own: that
    // run also pays for loading and compiling its classes and Spark's generated code, and is
    // reported apart; the peak live heap is sampled during it (the samples' collections slow it,
    // see HeapWatch), and so is the peak of direct (off-heap) buffers, where the executors (this
    // JVM, in local mode) keep the labels' index. Then both the floor and Steward are timed warm,
    // each the faster of two passes taken in turn (floor, steward, floor, steward) after a
    // warm-up of the floor, so that a slow moment of the machine (other work on it, its memory
    // reclaimed) weighs on neither figure more than on the other. Each run replaces the night's
    // results (a rerun of a night never duplicates them).
    long t0 = System.nanoTime();
    HeapWatch heap = HeapWatch.start();
    try (heap) {
      NightlyAction.run(ctx, new NightlyAction.Params(TimeWindow.night(NIGHT), List.of()));
    }
    double first = seconds(t0);
    long heapMb = heap.peakMb();
    ctx.progress(
        String.format(
            Locale.ROOT,
            "bench: steward (first run, warm-up, heap sampled) %.2f s, peak live heap %d MB"
                + " (%s), direct buffers %d MB; %s",
            first,
            heapMb,
            heap.peakWhere(),
            heap.directPeakMb(),
            heap.samples()));
    ctx.progress("bench: floor (warm-up)");
    floor(spark, data);
    double floor = Double.MAX_VALUE;
    double steward = Double.MAX_VALUE;
    for (int pass = 1; pass <= PASSES; pass++) {
      long t = System.nanoTime();
      floor(spark, data);
      double took = seconds(t);
      floor = Math.min(floor, took);
      ctx.progress(String.format(Locale.ROOT, "bench: floor pass %d: %.2f s", pass, took));
      t = System.nanoTime();
      NightlyAction.run(ctx, new NightlyAction.Params(TimeWindow.night(NIGHT), List.of()));
      took = seconds(t);
      steward = Math.min(steward, took);
      ctx.progress(String.format(Locale.ROOT, "bench: steward pass %d: %.2f s", pass, took));
    }
    ctx.progress(String.format(Locale.ROOT, "bench: floor %.2f s, steward %.2f s", floor, steward));

    Double naive = null;
    int compared = 0;
    double worstPsi = 0;
    double worstAuc = 0;
    double worstRate = 0;
    if (p.naive()) {
      List<String> models = new ArrayList<>();
      for (int m = 0; m < p.models(); m++) {
        models.add(data.model(m));
      }
      Map<String, ModelBaseline> baselines = new HashMap<>();
      BaselineStore.load(spark, ctx.warehouse(), models)
          .forEach((k, v) -> baselines.put(k, v.baseline()));
      Map<String, Double> mine = steward(spark, ctx, models);
      t0 = System.nanoTime();
      Map<String, Double> theirs = new HashMap<>();
      for (int t = 0; t < data.tables(); t++) {
        Dataset<Row> night = night(spark, data, t).cache();
        theirs.putAll(Naive.figures(night, data.modelsOf(t), baselines));
        night.unpersist();
        ctx.progress("bench: naive, table " + (t + 1) + " of " + data.tables());
      }
      naive = seconds(t0);
      ctx.progress(String.format(Locale.ROOT, "bench: naive %.2f s", naive));
      for (Map.Entry<String, Double> e : theirs.entrySet()) {
        Double ours = mine.get(e.getKey());
        if (ours == null || e.getValue() == null || e.getValue().isNaN()) {
          throw new IllegalStateException(
              "bench: Steward has no figure for " + e.getKey() + " (naive: " + e.getValue() + ")");
        }
        double d = Math.abs(ours - e.getValue());
        if (e.getKey().startsWith("psi/")) {
          worstPsi = Math.max(worstPsi, d);
        } else if (e.getKey().startsWith("auc/")) {
          worstAuc = Math.max(worstAuc, d);
        } else {
          worstRate = Math.max(worstRate, d);
        }
        compared++;
      }
    }
    boolean agree = worstPsi <= EXACT && worstRate <= EXACT && worstAuc <= AUC;
    double perCore = p.rows() / steward / cores;
    String summary =
        String.format(
            Locale.ROOT,
            "steward/floor=%.2f naive/steward=%s heap_mb=%d rows=%d",
            steward / floor,
            naive == null ? "-" : String.format(Locale.ROOT, "%.1f", naive / steward),
            heapMb,
            p.rows());
    ctx.out()
        .printf(
            Locale.ROOT,
            "rows %d, models %d, features %d+%d, cores %d%n"
                + "floor   %8.2f s%n"
                + "steward %8.2f s  %.0f rows/s/core (first run in the JVM: %.2f s)%n"
                + "naive   %8s s%n"
                + "agreement: %d figures, max |diff| psi %.2e, auc %.2e, selection rate %.2e: %s%n",
            p.rows(),
            p.models(),
            p.numeric(),
            p.categorical(),
            cores,
            floor,
            steward,
            perCore,
            first,
            naive == null ? "-" : String.format(Locale.ROOT, "%.2f", naive),
            compared,
            worstPsi,
            worstAuc,
            worstRate,
            p.naive() ? (agree ? "agree" : "DISAGREE") : "not checked");
    ctx.out().println(summary);
    appendResult(p, cores, floor, steward, naive, heapMb, perCore, agree, first);
    return new Result(
        floor, steward, naive, heapMb, compared, worstPsi, worstAuc, worstRate, agree, summary);
  }

  /** The night's rows of a table with their labels: what both programs read. */
  static Dataset<Row> night(SparkSession spark, BenchData data, int t) {
    Instant start = NIGHT.atStartOfDay(ZoneOffset.UTC).toInstant();
    Dataset<Row> log =
        spark
            .read()
            .format("delta")
            .load(data.log(t))
            .where(
                col("event_ts")
                    .geq(lit(Timestamp.from(start)))
                    .and(col("event_ts").lt(lit(Timestamp.from(start.plusSeconds(86400))))));
    Dataset<Row> labels =
        spark.read().format("delta").load(data.labels(t)).select("prediction_id", "label");
    return log.join(labels, "prediction_id", "left");
  }

  /** Reads every column the nightly run needs, each aggregated, and the labels table. */
  static void floor(SparkSession spark, BenchData data) {
    Instant start = NIGHT.atStartOfDay(ZoneOffset.UTC).toInstant();
    for (int t = 0; t < data.tables(); t++) {
      Dataset<Row> log =
          spark
              .read()
              .format("delta")
              .load(data.log(t))
              .where(
                  col("event_ts")
                      .geq(lit(Timestamp.from(start)))
                      .and(col("event_ts").lt(lit(Timestamp.from(start.plusSeconds(86400))))));
      aggregateEach(log).collectAsList();
      aggregateEach(spark.read().format("delta").load(data.labels(t))).collectAsList();
    }
  }

  private static Dataset<Row> aggregateEach(Dataset<Row> rows) {
    List<Column> aggs = new ArrayList<>();
    for (StructField f : rows.schema().fields()) {
      aggs.add(
          f.dataType() instanceof StringType || f.dataType().typeName().equals("timestamp")
              ? max(col(f.name()))
              : sum(col(f.name())));
    }
    return rows.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new));
  }

  /** Steward's figures of the night, keyed as {@link Naive} keys them. */
  private static Map<String, Double> steward(
      SparkSession spark, StewardContext ctx, List<String> models) {
    Map<String, Double> out = new HashMap<>();
    String root = ctx.warehouse().root() + "/steward/";
    String day = "granularity = 'DAY' AND window_start = TIMESTAMP '" + NIGHT + " 00:00:00'";
    for (Row r :
        spark
            .sql(
                "SELECT model_id, feature, psi FROM delta.`" + root + "feature_drift` WHERE " + day)
            .collectAsList()) {
      if (!r.isNullAt(2)) {
        out.put("psi/" + r.getString(0) + "/" + r.getString(1), r.getDouble(2));
      }
    }
    for (Row r :
        spark
            .sql(
                "SELECT model_id, coalesce(slice_column, '-'), coalesce(slice_value, '-'), value"
                    + " FROM delta.`"
                    + root
                    + "performance_metrics` WHERE metric = 'auc' AND "
                    + day)
            .collectAsList()) {
      if (!r.isNullAt(3)) {
        out.put(
            "auc/" + r.getString(0) + "/" + r.getString(1) + "/" + r.getString(2), r.getDouble(3));
      }
    }
    for (Row r :
        spark
            .sql(
                "SELECT model_id, attribute, group_value, value FROM delta.`"
                    + root
                    + "fairness_metrics` WHERE metric = 'selection_rate' AND "
                    + day)
            .collectAsList()) {
      if (!r.isNullAt(3)) {
        out.put(
            "selection_rate/" + r.getString(0) + "/" + r.getString(1) + "/" + r.getString(2),
            r.getDouble(3));
      }
    }
    return out;
  }

  public static final String OLD_HEADER =
      "commit,date,rows,models,numeric,categorical,cores,floor_s,steward_s,naive_s,"
          + "steward_floor,naive_steward,heap_mb,rows_per_s_per_core,agree";

  /** steward_s is the measured (second) run; steward_first_s the first run in the JVM. */
  public static final String HEADER = OLD_HEADER + ",steward_first_s";

  private static void appendResult(
      Params p,
      int cores,
      double floor,
      double steward,
      Double naive,
      long heapMb,
      double perCore,
      boolean agree,
      double first) {
    if (p.results() == null) {
      return;
    }
    try {
      if (!Files.exists(p.results())) {
        Files.createDirectories(p.results().toAbsolutePath().getParent());
        Files.writeString(p.results(), HEADER + "\n");
      } else {
        // Files from before steward_first_s get the column in their header (earlier lines: empty).
        List<String> lines = Files.readAllLines(p.results());
        if (!lines.isEmpty() && lines.get(0).equals(OLD_HEADER)) {
          lines.set(0, HEADER);
          Files.write(p.results(), lines);
        }
      }
      Files.writeString(
          p.results(),
          String.format(
              Locale.ROOT,
              "%s,%s,%d,%d,%d,%d,%d,%.2f,%.2f,%s,%.2f,%s,%d,%.0f,%s,%.2f%n",
              p.commit(),
              Instant.now().toString(),
              p.rows(),
              p.models(),
              p.numeric(),
              p.categorical(),
              cores,
              floor,
              steward,
              naive == null ? "" : String.format(Locale.ROOT, "%.2f", naive),
              steward / floor,
              naive == null ? "" : String.format(Locale.ROOT, "%.1f", naive / steward),
              heapMb,
              perCore,
              p.naive() ? Boolean.toString(agree) : "",
              first),
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void touch(Path marker) {
    try {
      Files.writeString(marker, Instant.now().toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  /**
   * The peak live heap of a run: every {@link #EVERY} a class histogram of the live objects (the
   * JVM's own GC.class_histogram, which first runs a full collection and then counts what
   * survived), the largest total kept, with the classes that filled it and when. What survives a
   * full collection is what the run holds (its tables, maps and buffers); the heap in use at other
   * times also counts garbage not yet collected, which tracks the allocation rate rather than what
   * grows with the rows, and reading the heap in use after a collection also counts what the
   * running tasks allocated since. The collections cost the sampled run some time, which is why the
   * timed run is not sampled. The direct (off-heap) buffers are read at the same moments.
   *
   * <p>The JVM skips the histogram's collection while a thread is inside a JNI critical region (the
   * "GC locker": Parquet's Snappy decompression, checksums) and then counts the garbage too: such
   * histograms were the 1 to 1.9 GB "spikes" of earlier runs (a skipped one counted 1403 MB where
   * the collected ones around it counted 451). So a histogram counts only when a full collection
   * ran during it; otherwise it is taken again, up to {@link #TRIES} times, and if none collected
   * the sample is dropped and counted ({@link #skipped}).
   */
  static final class HeapWatch implements AutoCloseable {
    static final java.time.Duration EVERY = java.time.Duration.ofSeconds(2);
    static final int TRIES = 5;

    /** The collectors that run full collections (not the young-generation ones). */
    private static final List<java.lang.management.GarbageCollectorMXBean> FULL =
        ManagementFactory.getGarbageCollectorMXBeans().stream()
            .filter(g -> g.getName().matches("(?i).*(old|marksweep|full|major|compact).*"))
            .toList();

    private final java.util.function.Supplier<Live> source;
    private int samples;
    private int retaken;
    private int skipped;

    private final long started = System.nanoTime();
    private long peak;
    private double peakAt;
    private String peakClasses = "";
    private long direct;
    private final java.lang.management.BufferPoolMXBean directPool =
        ManagementFactory.getPlatformMXBeans(java.lang.management.BufferPoolMXBean.class).stream()
            .filter(b -> b.getName().equals("direct"))
            .findFirst()
            .orElse(null);
    private final java.util.concurrent.ScheduledExecutorService sampler =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "steward-bench-heap");
              t.setDaemon(true);
              return t;
            });

    private HeapWatch(java.util.function.Supplier<Live> source) {
      this.source = source;
    }

    /** Samples this JVM's live heap from now until {@link #close}. */
    static HeapWatch start() {
      HeapWatch w = of(HeapWatch::live);
      w.sample();
      w.sampler.scheduleWithFixedDelay(
          w::sample,
          EVERY.toMillis(),
          EVERY.toMillis(),
          java.util.concurrent.TimeUnit.MILLISECONDS);
      return w;
    }

    /** A watch of {@code source} that samples only when {@link #sample} is called (for tests). */
    static HeapWatch of(java.util.function.Supplier<Live> source) {
      return new HeapWatch(source);
    }

    /** Takes one sample (the sampler's thread calls it, and {@link #close}). */
    synchronized void sample() {
      samples++;
      Live live = source.get();
      if (!live.collected()) {
        retaken++;
      }
      for (int i = 1; i < TRIES && !live.collected(); i++) {
        live = source.get();
      }
      if (!live.collected()) {
        skipped++;
      } else if (live.bytes() > peak) {
        peak = live.bytes();
        peakAt = seconds(started);
        peakClasses = live.top();
      }
      if (directPool != null) {
        direct = Math.max(direct, directPool.getMemoryUsed());
      }
    }

    /**
     * The heap's bytes and its largest classes ("[B 318 MB, [J 50 MB, ..."), and whether a full
     * collection ran first (when not, garbage is counted too).
     */
    record Live(long bytes, String top, boolean collected) {}

    /** This JVM's live heap, from a class histogram taken after a full collection. */
    static Live live() {
      String histogram;
      long before = fullCollections();
      try {
        histogram =
            (String)
                ManagementFactory.getPlatformMBeanServer()
                    .invoke(
                        new javax.management.ObjectName(
                            "com.sun.management:type=DiagnosticCommand"),
                        "gcClassHistogram",
                        new Object[] {new String[0]},
                        new String[] {String[].class.getName()});
      } catch (javax.management.JMException e) {
        // Without the JVM's diagnostic commands: a full collection, then the heap in use.
        System.gc();
        return new Live(
            ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
            "",
            FULL.isEmpty() || fullCollections() > before);
      }
      return parse(histogram, FULL.isEmpty() || fullCollections() > before);
    }

    /** Whether this JVM has a collector known to run full collections (else none is checked). */
    static boolean checksCollections() {
      return !FULL.isEmpty();
    }

    /** Full collections so far (0 where no collector is known to run them). */
    private static long fullCollections() {
      long n = 0;
      for (java.lang.management.GarbageCollectorMXBean g : FULL) {
        n += Math.max(0, g.getCollectionCount());
      }
      return n;
    }

    /**
     * Reads a GC.class_histogram: its total bytes and its three largest classes; {@code collected}
     * says whether its full collection ran (the text does not).
     */
    static Live parse(String histogram, boolean collected) {
      long total = -1;
      List<String> top = new ArrayList<>();
      for (String line : histogram.split("\n")) {
        String[] f = line.trim().split("\\s+");
        if (f.length >= 3 && f[0].equals("Total")) {
          total = Long.parseLong(f[2]);
        } else if (f.length >= 4 && f[0].endsWith(":") && top.size() < 3) {
          top.add(f[3] + " " + Long.parseLong(f[2]) / (1024 * 1024) + " MB");
        }
      }
      if (total < 0) {
        throw new IllegalStateException("a class histogram without its total: " + histogram);
      }
      return new Live(total, String.join(", ", top), collected);
    }

    /** Stops sampling, with a last sample. */
    @Override
    public void close() {
      sampler.shutdownNow();
      try {
        sampler.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      sample();
    }

    /** When the peak was sampled and what filled it: "at 12.3 s: [B 318 MB, [J 50 MB, [I 30 MB". */
    synchronized String peakWhere() {
      return String.format(Locale.ROOT, "at %.1f s: %s", peakAt, peakClasses);
    }

    synchronized long peakMb() {
      return peak / (1024 * 1024);
    }

    synchronized long directPeakMb() {
      return direct / (1024 * 1024);
    }

    /** Samples dropped because no try of theirs ran a full collection. */
    synchronized int skipped() {
      return skipped;
    }

    /** "25 heap samples, 3 taken again (...), 0 dropped". */
    synchronized String samples() {
      return String.format(
          Locale.ROOT,
          "%d heap samples, %d taken again (the first histogram ran no full collection: the GC"
              + " locker was held), %d dropped (none of %d tries collected)",
          samples,
          retaken,
          skipped,
          TRIES);
    }
  }
}
