package io.steward.jobs.results;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.steward.common.domain.Granularity;
import io.steward.common.domain.TimeWindow;
import io.steward.common.metrics.drift.ModelBaseline;
import io.steward.common.metrics.operational.Completeness;
import io.steward.common.metrics.operational.Freshness;
import io.steward.common.spec.MonitorSpec;
import io.steward.jobs.StewardContext;
import io.steward.jobs.nightly.WindowPlan;
import io.steward.jobs.scan.WindowInputs;
import io.steward.jobs.scan.WindowScan;
import io.steward.registry.store.BaselineStore;
import io.steward.registry.store.JobRun;
import io.steward.registry.store.RegisteredMetrics;
import io.steward.registry.store.ResultsStore;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Turns the window profiles of a run into the four results tables and writes each in one Delta
 * commit that replaces exactly the run's windows of the run's models (the four commits run at
 * once). Executors: PSI from the histograms, the explosion of each profile's figures. Driver: the
 * model-level freshness and completeness, which need the previous windows' stored row counts (a few
 * rows per model), and the rejection totals.
 */
public final class WindowResults {
  /** The windows of a model computed by the run, and the nights asked for. */
  public record Planned(MonitorSpec spec, WindowPlan plan, TimeWindow asked) {}

  /**
   * A model version's night at a glance: its main performance figure (AUC, or RMSE for a
   * regression), label coverage, p95 latency and error rate; each null when not computed.
   */
  public record Headline(
      String metric, Double value, Double labelCoverage, Double latencyP95, Double errorRate) {}

  private final Dataset<Row> drift;
  private final List<JobRun.Rejected> rejected;
  private final int weeks;
  private final int relabeled;
  private final Map<VersionWindow, Headline> headlines;

  private WindowResults(
      Dataset<Row> drift,
      List<JobRun.Rejected> rejected,
      int weeks,
      int relabeled,
      Map<VersionWindow, Headline> headlines) {
    this.drift = drift;
    this.rejected = rejected;
    this.weeks = weeks;
    this.relabeled = relabeled;
    this.headlines = headlines;
  }

  /** The headline of a model version's DAY window, or null. */
  public Headline headline(String model, String version, LocalDate night) {
    return headlines.get(new VersionWindow(model, version, WindowPlan.start(night)));
  }

  public Dataset<Row> drift() {
    return drift;
  }

  public List<JobRun.Rejected> rejected() {
    return rejected;
  }

  public int weeks() {
    return weeks;
  }

  public int relabeled() {
    return relabeled;
  }

  private static final List<String> KEYS =
      List.of(
          WindowInputs.MODEL_ID,
          WindowInputs.MODEL_VERSION,
          WindowInputs.GRANULARITY,
          WindowInputs.WINDOW_START);

  public static WindowResults of(
      StewardContext ctx,
      String runId,
      Instant startedAt,
      Dataset<Row> profiles,
      Dataset<Row> pairs,
      Map<String, BaselineStore.Stored> baselines,
      List<Planned> planned,
      List<String> models,
      List<ResultsStore.RunWindows> windows) {
    ResultsStore.RunResults results = figures(ctx, profiles, pairs, baselines, planned, models);
    ResultsStore.replace(ctx.warehouse(), runId, startedAt, results, windows);
    Dataset<Row> drift = results.drift();

    List<JobRun.Rejected> rejected = new ArrayList<>();
    for (Row r :
        profiles
            .where(col("granularity").equalTo(Granularity.DAY.name()))
            .select(col("model_id"), explode(col("profile.rejected")).as("r"))
            .groupBy(col("model_id"), col("r.reason"))
            .agg(sum(col("r.rows")).as("rows"))
            .orderBy("model_id", "reason")
            .collectAsList()) {
      rejected.add(new JobRun.Rejected(r.getString(0), r.getString(1), r.getLong(2)));
    }
    int weeks = 0;
    int relabeled = 0;
    for (Planned p : planned) {
      weeks = Math.max(weeks, p.plan().weeks().size());
      relabeled =
          Math.max(
              relabeled,
              (int) p.plan().days().stream().filter(d -> d.isBefore(p.asked().first())).count());
    }
    return new WindowResults(drift, rejected, weeks, relabeled, headlines(profiles));
  }

  /**
   * The results rows of the profiles, one dataset per results table (see {@link
   * ResultsStore.RunResults}), computed but not written: the nightly run writes them, the alert
   * self-test judges them in memory.
   *
   * @param pairs shadow mode's rows ({@link WindowScan#PAIRS}); null when no model of the run is in
   *     shadow mode
   */
  public static ResultsStore.RunResults figures(
      StewardContext ctx,
      Dataset<Row> profiles,
      Dataset<Row> pairs,
      Map<String, BaselineStore.Stored> baselines,
      List<Planned> planned,
      List<String> models) {
    Map<String, ModelBaseline> driftBaselines = new HashMap<>();
    for (String m : models) {
      driftBaselines.put(m, baselines.get(m).baseline());
    }
    Dataset<Row> hist =
        profiles.select(
            col("model_id"),
            col("model_version"),
            col("granularity"),
            col("window_start"),
            col("profile.row_count").as("row_count"),
            col("profile.counts").as("counts"));
    Dataset<Row> drift = DriftFigures.compute(hist, driftBaselines, KEYS);

    Dataset<Row> performance =
        figures(profiles, "performance", col("profile.row_count").as("row_count"));
    Dataset<Row> snapshot = snapshotReference(ctx, baselines, models);
    Dataset<Row> registered = RegisteredMetrics.load(ctx.spark(), ctx.warehouse(), models);
    Column overall = performance.col("slice_column").isNull();
    performance =
        performance
            .join(
                registered,
                overall
                    .and(
                        performance
                            .col("model_id")
                            .equalTo(registered.col(RegisteredMetrics.MODEL)))
                    .and(
                        performance
                            .col("model_version")
                            .equalTo(registered.col(RegisteredMetrics.VERSION)))
                    .and(
                        performance
                            .col("metric")
                            .equalTo(registered.col(RegisteredMetrics.METRIC))),
                "left")
            .join(
                snapshot,
                overall
                    .and(performance.col("model_id").equalTo(snapshot.col("snap_model")))
                    .and(performance.col("metric").equalTo(snapshot.col("snap_metric"))),
                "left")
            .withColumn("baseline_value", coalesce(col(RegisteredMetrics.VALUE), col("snap_value")))
            .withColumn("delta", col("value").minus(col("baseline_value")));

    Column minGroup = lit(0);
    for (Planned p : planned) {
      minGroup =
          when(col("model_id").equalTo(p.spec().modelId().value()), lit(p.spec().minGroupSize()))
              .otherwise(minGroup);
    }
    Dataset<Row> fairness = figures(profiles, "fairness").withColumn("min_group_size", minGroup);

    Dataset<Row> operational =
        figures(profiles, "operational")
            .unionByName(modelLevel(ctx, served(profiles, pairs), planned, models));
    return new ResultsStore.RunResults(
        drift, performance, fairness, operational, shadowComparisons(pairs));
  }

  /**
   * Shadow mode's comparisons, one row per challenger of each night's pairs row ({@link
   * WindowScan#PAIRS}); null when no model of the run is in shadow mode.
   */
  private static Dataset<Row> shadowComparisons(Dataset<Row> pairs) {
    if (pairs == null) {
      return null;
    }
    return pairs
        .select(
            col("model_id"),
            col("granularity"),
            col("window_start"),
            explode(col("profile.shadow")).as("c"))
        .select(col("model_id"), col("granularity"), col("window_start"), col("c.*"));
  }

  /**
   * One row per figure of the profiles' {@code field} (an array of figure structs), with the
   * window's keys and any {@code extra} columns of the profile.
   */
  private static Dataset<Row> figures(Dataset<Row> profiles, String field, Column... extra) {
    List<Column> columns = new ArrayList<>();
    for (String k : KEYS) {
      columns.add(col(k));
    }
    columns.addAll(List.of(extra));
    columns.add(explode(col("profile." + field)).as("figure"));
    return profiles
        .select(columns.toArray(Column[]::new))
        .select(col("*"), col("figure.*"))
        .drop("figure");
  }

  private static Map<VersionWindow, Headline> headlines(Dataset<Row> profiles) {
    Dataset<Row> day = profiles.where(col("granularity").equalTo(Granularity.DAY.name()));
    Map<VersionWindow, Headline> out = new HashMap<>();
    for (Row r :
        day.select(
                col("model_id"),
                col("model_version"),
                col("window_start"),
                expr("filter(profile.performance, p -> p.slice_column IS NULL AND p.metric IN"
                        + " ('auc', 'rmse'))")
                    .as("perf"),
                expr("filter(profile.operational, o -> o.dimension IS NULL AND o.metric IN"
                        + " ('latency_p95', 'error_rate'))")
                    .as("ops"))
            .collectAsList()) {
      String metric = null;
      Double value = null;
      Double coverage = null;
      for (Row p : r.<Row>getList(3)) {
        metric = p.getAs("metric");
        value = p.getAs("value");
        coverage = p.getAs("label_coverage");
      }
      Double p95 = null;
      Double errors = null;
      for (Row o : r.<Row>getList(4)) {
        if (o.getAs("metric").equals("latency_p95")) {
          p95 = o.getAs("value");
        } else {
          errors = o.getAs("value");
        }
      }
      out.put(
          new VersionWindow(r.getString(0), r.getString(1), r.getTimestamp(2).toInstant()),
          new Headline(metric, value, coverage, p95, errors));
    }
    return out;
  }

  /** The baseline snapshot's performance: snap_model, snap_metric, snap_value. */
  private static Dataset<Row> snapshotReference(
      StewardContext ctx, Map<String, BaselineStore.Stored> baselines, List<String> models) {
    List<Row> rows = new ArrayList<>();
    for (String m : models) {
      baselines.get(m).performance().forEach((k, v) -> rows.add(RowFactory.create(m, k, v)));
    }
    StructType schema =
        new StructType()
            .add("snap_model", DataTypes.StringType)
            .add("snap_metric", DataTypes.StringType)
            .add("snap_value", DataTypes.DoubleType);
    return ctx.spark().createDataFrame(rows, schema);
  }

  private static final StructType MODEL_LEVEL =
      new StructType()
          .add("model_id", DataTypes.StringType)
          .add("model_version", DataTypes.StringType)
          .add("granularity", DataTypes.StringType)
          .add("window_start", DataTypes.TimestampType)
          .add("metric", DataTypes.StringType)
          .add("dimension", DataTypes.StringType)
          .add("dimension_value", DataTypes.StringType)
          .add("value", DataTypes.DoubleType)
          .add("threshold", DataTypes.DoubleType);

  /**
   * The profiles of the versions that served: without a night's challengers in shadow mode (each
   * shadow comparison's challenger that night), whose rows are compared, not counted as traffic.
   */
  private static Dataset<Row> served(Dataset<Row> profiles, Dataset<Row> pairs) {
    if (pairs == null) {
      return profiles;
    }
    Dataset<Row> inShadow =
        pairs
            .select(
                col("model_id").as("shadow_model"),
                col("granularity").as("shadow_granularity"),
                col("window_start").as("shadow_start"),
                explode(col("profile.shadow.challenger_version")).as("shadow_version"))
            .distinct();
    return profiles.join(
        inShadow,
        profiles
            .col("model_id")
            .equalTo(inShadow.col("shadow_model"))
            .and(profiles.col("granularity").equalTo(inShadow.col("shadow_granularity")))
            .and(profiles.col("window_start").equalTo(inShadow.col("shadow_start")))
            .and(profiles.col("model_version").equalTo(inShadow.col("shadow_version"))),
        "left_anti");
  }

  /**
   * Model-level rows (model_version null) for every window of the plan, data or not: row_count,
   * freshness_hours (from the newest event to the window's end; for a window with no rows, the
   * previous window's freshness plus the window's length) and completeness (rows against the median
   * of the previous {@value Completeness#TRAILING_WINDOWS} windows' rows, earlier windows of this
   * run included).
   */
  private static Dataset<Row> modelLevel(
      StewardContext ctx, Dataset<Row> profiles, List<Planned> planned, List<String> models) {
    Map<ModelWindow, long[]> seen = new HashMap<>();
    for (Row r :
        profiles
            .groupBy("model_id", "granularity", "window_start")
            .agg(sum("profile.row_count"), max("profile.newest_us"))
            .collectAsList()) {
      seen.put(
          new ModelWindow(
              r.getString(0), Granularity.valueOf(r.getString(1)), r.getTimestamp(2).toInstant()),
          new long[] {r.getLong(3), r.isNullAt(4) ? Long.MIN_VALUE : r.getLong(4)});
    }
    Instant earliest = Instant.MAX;
    for (Planned p : planned) {
      if (!p.plan().days().isEmpty()) {
        earliest = min(earliest, WindowPlan.start(p.plan().days().first()));
      }
      if (!p.plan().weeks().isEmpty()) {
        earliest = min(earliest, WindowPlan.start(p.plan().weeks().first()));
      }
    }
    Map<ModelWindow, Double> rowsHistory = new HashMap<>();
    Map<ModelWindow, Double> freshHistory = new HashMap<>();
    if (!earliest.equals(Instant.MAX)) {
      Instant from = earliest.minus(Duration.ofDays(7L * (Completeness.TRAILING_WINDOWS + 1)));
      for (ResultsStore.ModelFigure f :
          ResultsStore.modelLevelHistory(ctx.spark(), ctx.warehouse(), models, from)) {
        ModelWindow k = new ModelWindow(f.modelId(), f.granularity(), f.windowStart());
        (f.metric().equals("row_count") ? rowsHistory : freshHistory).put(k, f.value());
      }
    }

    List<Row> out = new ArrayList<>();
    for (Planned p : planned) {
      String m = p.spec().modelId().value();
      Double sla = p.spec().operations().freshnessSlaHours();
      for (Granularity g : Granularity.values()) {
        Duration length = g.length();
        for (LocalDate d : p.plan().starts(g)) {
          Instant ws = WindowPlan.start(d);
          long[] s = seen.getOrDefault(new ModelWindow(m, g, ws), new long[] {0, Long.MIN_VALUE});
          double rows = s[0];
          Double freshness;
          if (s[1] != Long.MIN_VALUE) {
            freshness = Freshness.hours(ws.plus(length), s[1]);
          } else {
            freshness =
                Freshness.carried(
                    freshHistory.get(new ModelWindow(m, g, ws.minus(length))), length);
          }
          List<Double> trailing = new ArrayList<>();
          for (int i = 1; i <= Completeness.TRAILING_WINDOWS; i++) {
            Double v = rowsHistory.get(new ModelWindow(m, g, ws.minus(length.multipliedBy(i))));
            if (v != null) {
              trailing.add(v);
            }
          }
          Double completeness = Completeness.of(rows, trailing);
          rowsHistory.put(new ModelWindow(m, g, ws), rows);
          if (freshness != null) {
            freshHistory.put(new ModelWindow(m, g, ws), freshness);
          }
          Timestamp start = Timestamp.from(ws);
          out.add(RowFactory.create(m, null, g.name(), start, "row_count", null, null, rows, null));
          out.add(
              RowFactory.create(
                  m, null, g.name(), start, "freshness_hours", null, null, freshness, sla));
          out.add(
              RowFactory.create(
                  m, null, g.name(), start, "completeness", null, null, completeness, null));
        }
      }
    }
    return ctx.spark().createDataFrame(out, MODEL_LEVEL);
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  /** A model's window, for the model-level figures (no version). */
  private record ModelWindow(String model, Granularity granularity, Instant start) {}

  /** A model version's window, for the run's headlines (the version may be null). */
  private record VersionWindow(String model, String version, Instant start) {}
}
