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
import io.steward.registry.store.ResultsHistory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * appends a line to the {@link ResultsFile}.
 *
 * <p>Driver: the generation's, the runs' and the naive program's orchestration, the timings, the
 * {@link HeapWatch} samples, the {@link Agreement} of the collected figures and the results file.
 * Executors: the generated data, the floor's scans, the nightly runs' work and the naive program's
 * aggregations (in local mode, this same JVM).
 */
public final class BenchAction {
  private BenchAction() {}

  /** Timed rounds of the floor and of Steward, taken in turn, unless told otherwise. */
  public static final int ROUNDS = 2;

  /**
   * @param rounds timed rounds of the floor and of Steward, the faster of each counting; 0 builds
   *     the warehouse and runs the night once (a fixture for other tests), timing nothing more
   */
  public record Params(
      Path dir,
      long rows,
      int models,
      int numeric,
      int categorical,
      boolean naive,
      boolean regenerate,
      Path results,
      String commit,
      int rounds) {}

  /**
   * What a run measured.
   *
   * @param naiveSeconds null when the naive program was skipped
   * @param agreement Steward's figures against the naive program's ({@link Agreement#NOT_CHECKED}
   *     when it was skipped)
   * @param summary the last line printed
   */
  public record Result(
      double floorSeconds,
      double stewardSeconds,
      Double naiveSeconds,
      long heapMb,
      Agreement agreement,
      String summary) {
    /** Whether Steward and the naive program agree (true when not checked). */
    public boolean agree() {
      return agreement.agree();
    }
  }

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
    double floor = Double.NaN;
    double steward = first;
    if (p.rounds() > 0) {
      ctx.progress("bench: floor (warm-up)");
      floor(spark, data);
      floor = Double.MAX_VALUE;
      steward = Double.MAX_VALUE;
    }
    for (int pass = 1; pass <= p.rounds(); pass++) {
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
    Agreement agreement = Agreement.NOT_CHECKED;
    if (p.naive()) {
      List<String> models = new ArrayList<>();
      for (int m = 0; m < p.models(); m++) {
        models.add(data.model(m));
      }
      Map<String, ModelBaseline> baselines = new HashMap<>();
      BaselineStore.load(spark, ctx.warehouse(), models)
          .forEach((k, v) -> baselines.put(k, v.baseline()));
      Map<String, Double> mine =
          Agreement.stewardFigures(
              new ResultsHistory(spark, ctx.warehouse(), TimeWindow.night(NIGHT)));
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
      agreement = Agreement.of(mine, theirs, Agreement.Scope.RIVAL_KEYS);
    }
    boolean agree = agreement.agree();
    double perCore = p.rows() / steward / cores;
    String summary =
        String.format(
            Locale.ROOT,
            "steward/floor=%s naive/steward=%s heap_mb=%d rows=%d",
            Double.isNaN(floor) ? "-" : String.format(Locale.ROOT, "%.2f", steward / floor),
            naive == null ? "-" : String.format(Locale.ROOT, "%.1f", naive / steward),
            heapMb,
            p.rows());
    ctx.out()
        .printf(
            Locale.ROOT,
            "rows %d, models %d, features %d+%d, cores %d%n"
                + "floor   %8s s%n"
                + "steward %8.2f s  %.0f rows/s/core (first run in the JVM: %.2f s)%n"
                + "naive   %8s s%n"
                + "%s%n",
            p.rows(),
            p.models(),
            p.numeric(),
            p.categorical(),
            cores,
            Double.isNaN(floor) ? "-" : String.format(Locale.ROOT, "%.2f", floor),
            steward,
            perCore,
            first,
            naive == null ? "-" : String.format(Locale.ROOT, "%.2f", naive),
            p.naive() ? agreement.summary() : "agreement: not checked");
    ctx.out().println(summary);
    if (p.results() != null) {
      ResultsFile.append(
          p.results(),
          new ResultsFile.Line(
              p.commit(),
              p.rows(),
              p.models(),
              p.numeric(),
              p.categorical(),
              cores,
              floor,
              steward,
              naive,
              heapMb,
              perCore,
              p.naive() ? agree : null,
              first));
    }
    return new Result(floor, steward, naive, heapMb, agreement, summary);
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
}
