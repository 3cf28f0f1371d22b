package io.steward.jobs.demo;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.steward.common.domain.Granularity;
import io.steward.common.domain.PsiBand;
import io.steward.common.domain.TimeWindow;
import io.steward.common.spec.TableRef;
import io.steward.jobs.StewardContext;
import io.steward.jobs.baseline.BaselineAction;
import io.steward.jobs.monitor.RegisterMonitorAction;
import io.steward.jobs.nightly.NightlyAction;
import io.steward.jobs.warehouse.InitAction;
import io.steward.registry.store.SourceTables;
import io.steward.registry.store.TableWriter;
import io.steward.registry.tables.StewardTables;
import io.steward.registry.tables.TableDef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Builds the demo portfolio in the warehouse and runs it: generate logs, outcomes and snapshots
 * (executors), register the monitors, build the baselines, then run the nightly job three weeks of
 * nights at a time, as a scheduler catching up would, and summarise each model. Before each pass
 * the outcomes that became known by the end of its last night are appended to the labels tables, so
 * every pass also recomputes the earlier nights whose labels arrived since the pass before.
 * Rerunning the demo rebuilds its data and replaces its results.
 *
 * <p>Driver: the passes, the label appends and the summary (a few rows per model read back from the
 * results tables). Executors: the generated data, kept in memory until its outcomes have arrived.
 */
public final class DemoAction {
  private DemoAction() {}

  /** Weeks of nights per nightly pass. */
  static final int PASS_WEEKS = 3;

  /** The least label coverage of the night whose performance the summary reports. */
  static final double SUMMARY_LABEL_COVERAGE = 0.5;

  public record Params(
      int models, int days, long rowsPerDay, long snapshotRows, LocalDate start, long seed) {}

  /**
   * One line of the portfolio summary.
   *
   * @param perfMetric auc for a classifier, rmse for a regression; null without labelled nights
   * @param perfNight the latest night with at least {@link #SUMMARY_LABEL_COVERAGE} of its labels
   * @param fairnessRatio the lowest demographic parity ratio of the latest night, or null
   * @param latencyP95 the latest night's p95 latency (ms), and the first night's
   * @param freshnessHours the latest night's freshness, and its SLA
   */
  public record ModelSummary(
      String modelId,
      String riskTier,
      String stage,
      long rows,
      String worstFeature,
      Double worstPsi,
      String worstBand,
      LocalDate firstSignificant,
      String perfMetric,
      Double perfValue,
      Double perfBaseline,
      LocalDate perfNight,
      String fairnessAttribute,
      Double fairnessRatio,
      Double latencyP95,
      Double latencyP95First,
      Double freshnessHours,
      Double freshnessSla,
      String injected) {}

  public static List<ModelSummary> run(StewardContext ctx, Params p) {
    long t0 = System.nanoTime();
    InitAction.run(ctx);
    String root = ctx.warehouse().root() + "/demo";
    DemoPortfolio.Layout layout = new DemoPortfolio.Layout(root);
    List<DemoPortfolio.Model> models = DemoPortfolio.models(p.models());

    Map<String, Dataset<Row>> outcomes = new LinkedHashMap<>();
    for (String table : DemoPortfolio.tables(models)) {
      step(ctx, t0, "writing prediction log " + table + " (" + p.days() + " days)");
      Dataset<Row> generated =
          DemoPortfolio.log(
                  ctx.spark(), table, models, p.start(), p.days(), p.rowsPerDay(), p.seed())
              .localCheckpoint(true);
      overwrite(DemoPortfolio.predictions(generated, table), layout.log(table));
      if (DemoPortfolio.lateLabels(table)) {
        Dataset<Row> o = DemoPortfolio.outcomes(generated);
        overwrite(o.limit(0), layout.outcomes(table));
        outcomes.put(table, o);
      }
    }
    for (DemoPortfolio.Model m : models) {
      step(ctx, t0, "writing training snapshot of " + m.id());
      overwrite(
          DemoPortfolio.snapshot(ctx.spark(), m, p.snapshotRows(), p.seed()),
          layout.snapshot(m.id()));
    }
    List<String> ids = new ArrayList<>();
    step(ctx, t0, "registering " + models.size() + " monitors and building their baselines");
    Path specs = specFolder(ctx, layout);
    Map<String, Long> pinnedVersions = new HashMap<>();
    for (DemoPortfolio.Model m : models) {
      Path spec = specs.resolve(m.id() + ".yaml");
      long pinned =
          SourceTables.latestVersion(ctx.spark(), TableRef.ofPath(layout.snapshot(m.id())));
      pinnedVersions.put(m.id(), pinned);
      write(spec, DemoPortfolio.spec(m, layout, pinned, p.rowsPerDay()));
      RegisterMonitorAction.run(ctx, spec);
      BaselineAction.run(ctx, m.id());
      ids.add(m.id());
    }

    step(
        ctx,
        t0,
        "walking the models through the lifecycle as their owners, developers, validators and approvers");
    Map<String, DemoGovernance.Walked> walked = new HashMap<>();
    for (DemoGovernance.Walked w : DemoGovernance.run(ctx, models, layout, pinnedVersions)) {
      walked.put(w.modelId(), w);
      ctx.progress("  " + w.modelId() + ": " + w.stage() + " (" + w.note() + ")");
    }

    TimeWindow window =
        new TimeWindow(p.start(), p.start().plusDays(p.days() - 1L), Granularity.DAY);
    List<TimeWindow> passes = passes(window);
    step(
        ctx,
        t0,
        "nightly run for "
            + window
            + " ("
            + p.days()
            + " nights in "
            + passes.size()
            + " passes, labels arriving in between)");
    Timestamp arrivedBefore = null;
    for (TimeWindow pass : passes) {
      Timestamp until = Timestamp.from(pass.end());
      long arrived = 0;
      for (Map.Entry<String, Dataset<Row>> o : outcomes.entrySet()) {
        Dataset<Row> batch =
            o.getValue()
                .where(
                    col("labeled_at")
                        .lt(lit(until))
                        .and(
                            arrivedBefore == null
                                ? lit(true)
                                : col("labeled_at").geq(lit(arrivedBefore))));
        arrived += batch.count();
        batch.write().format("delta").mode("append").save(layout.outcomes(o.getKey()));
      }
      arrivedBefore = until;
      step(
          ctx,
          t0,
          "pass " + pass + ": " + arrived + " labels arrived by the end of " + pass.last());
      NightlyAction.Result r = NightlyAction.run(ctx, new NightlyAction.Params(pass, ids));
      for (LocalDate d = pass.first(); !d.isAfter(pass.last()); d = d.plusDays(1)) {
        progressNight(ctx, r, d);
      }
      ctx.progress("  " + r.message());
    }
    step(ctx, t0, "done");
    return summarise(ctx, window, models, walked);
  }

  /**
   * The nights of the window in passes of {@value #PASS_WEEKS} weeks, each ending on a Sunday, and
   * a last one ending on the last night. Each nightly run has a fixed cost of a hundred or more
   * small Spark jobs and Delta commits, so a pass per night would take minutes; a few passes keep
   * the demo short, and every pass after the first recomputes the earlier nights whose labels
   * arrived since.
   */
  static List<TimeWindow> passes(TimeWindow window) {
    List<TimeWindow> passes = new ArrayList<>();
    LocalDate first = window.first();
    int sundays = 0;
    for (LocalDate d = first; !d.isAfter(window.last()); d = d.plusDays(1)) {
      if (d.getDayOfWeek() == DayOfWeek.SUNDAY) {
        sundays++;
      }
      if (sundays == PASS_WEEKS || d.equals(window.last())) {
        passes.add(new TimeWindow(first, d, Granularity.DAY));
        first = d.plusDays(1);
        sundays = 0;
      }
    }
    return passes;
  }

  private static void progressNight(StewardContext ctx, NightlyAction.Result r, LocalDate night) {
    List<NightlyAction.ModelNight> here =
        r.nights().stream().filter(n -> n.night().equals(night)).toList();
    long rows = here.stream().mapToLong(NightlyAction.ModelNight::rows).sum();
    long significant =
        here.stream().filter(n -> PsiBand.SIGNIFICANT.name().equals(n.worstBand())).count();
    ctx.progress(
        "night "
            + night
            + ": "
            + rows
            + " predictions, "
            + here.size()
            + " model versions, "
            + significant
            + " with a SIGNIFICANT feature");
  }

  private static List<ModelSummary> summarise(
      StewardContext ctx,
      TimeWindow window,
      List<DemoPortfolio.Model> models,
      Map<String, DemoGovernance.Walked> walked) {
    Dataset<Row> drift = nights(ctx, StewardTables.FEATURE_DRIFT, window);
    Dataset<Row> rows =
        drift
            .groupBy("model_id", "model_version", "window_start")
            .agg(max("row_count").as("rows"))
            .groupBy("model_id")
            .agg(sum("rows").as("rows"));
    Dataset<Row> worst =
        drift
            .where(col("psi").isNotNull())
            .groupBy("model_id")
            .agg(
                max_by(col("feature"), col("psi")).as("worst_feature"),
                max("psi").as("worst_psi"),
                min(when(col("psi_band").equalTo(PsiBand.SIGNIFICANT.name()), col("window_start")))
                    .as("first_significant"),
                countDistinct("window_start").as("nights"));
    Map<String, Row> perf =
        byModel(
            nights(ctx, StewardTables.PERFORMANCE_METRICS, window)
                .where(
                    col("slice_column")
                        .isNull()
                        .and(col("metric").isin("auc", "rmse"))
                        .and(col("value").isNotNull())
                        .and(col("label_coverage").geq(SUMMARY_LABEL_COVERAGE)))
                .groupBy("model_id")
                .agg(
                    max_by(
                            struct("metric", "value", "baseline_value", "window_start"),
                            struct("window_start", "row_count"))
                        .as("p")));
    Dataset<Row> parity =
        nights(ctx, StewardTables.FAIRNESS_METRICS, window)
            .where(
                col("metric")
                    .equalTo("demographic_parity_ratio")
                    .and(col("value").isNotNull())
                    .and(col("suppressed").equalTo(false)));
    Dataset<Row> latestParity = parity.groupBy("model_id").agg(max("window_start").as("latest"));
    Map<String, Row> fairness =
        byModel(
            parity
                .join(latestParity, "model_id")
                .where(col("window_start").equalTo(col("latest")))
                .groupBy("model_id")
                .agg(min_by(struct("attribute", "value"), col("value")).as("f")));
    Dataset<Row> operational = nights(ctx, StewardTables.OPERATIONAL_METRICS, window);
    Map<String, Row> latency =
        byModel(
            operational
                .where(
                    col("metric")
                        .equalTo("latency_p95")
                        .and(col("model_version").isNotNull())
                        .and(col("dimension").isNull()))
                .groupBy("model_id")
                .agg(
                    max_by(col("value"), col("window_start")).as("latest"),
                    min_by(col("value"), col("window_start")).as("first")));
    Map<String, Row> freshness =
        byModel(
            operational
                .where(col("metric").equalTo("freshness_hours").and(col("model_version").isNull()))
                .groupBy("model_id")
                .agg(max_by(struct("value", "threshold"), col("window_start")).as("f")));

    List<ModelSummary> out = new ArrayList<>();
    for (Row r :
        rows.join(worst, List.of("model_id").toArray(String[]::new))
            .orderBy("model_id")
            .collectAsList()) {
      String id = r.getAs("model_id");
      DemoPortfolio.Model m =
          models.stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
      Double psi = r.getAs("worst_psi");
      Row pf = field(perf.get(id), "p");
      Row fr = field(fairness.get(id), "f");
      Row lat = latency.get(id);
      Row fresh = field(freshness.get(id), "f");
      out.add(
          new ModelSummary(
              id,
              m.riskTier(),
              walked.containsKey(id) ? walked.get(id).stage() : null,
              r.<Long>getAs("rows"),
              r.getAs("worst_feature"),
              psi,
              psi == null ? null : PsiBand.of(psi).name(),
              night(r.getAs("first_significant")),
              pf == null ? null : pf.getAs("metric"),
              pf == null ? null : pf.getAs("value"),
              pf == null ? null : pf.getAs("baseline_value"),
              pf == null ? null : night(pf.getAs("window_start")),
              fr == null ? null : fr.getAs("attribute"),
              fr == null ? null : fr.getAs("value"),
              lat == null ? null : lat.getAs("latest"),
              lat == null ? null : lat.getAs("first"),
              fresh == null ? null : fresh.getAs("value"),
              fresh == null ? null : fresh.getAs("threshold"),
              m.injected()));
    }
    return out;
  }

  /** The DAY rows of a results table in the demo's window. */
  private static Dataset<Row> nights(StewardContext ctx, TableDef table, TimeWindow window) {
    return TableWriter.read(ctx.spark(), ctx.warehouse(), table)
        .where(col("granularity").equalTo("DAY"))
        .where(col("window_start").geq(Timestamp.from(window.start())))
        .where(col("window_start").lt(Timestamp.from(window.end())));
  }

  /** A small per-model result, collected to the driver by model id. */
  private static Map<String, Row> byModel(Dataset<Row> perModel) {
    Map<String, Row> out = new HashMap<>();
    for (Row r : perModel.collectAsList()) {
      out.put(r.getAs("model_id"), r);
    }
    return out;
  }

  private static Row field(Row r, String name) {
    return r == null ? null : r.getAs(name);
  }

  private static LocalDate night(Timestamp t) {
    return t == null ? null : t.toInstant().atZone(ZoneOffset.UTC).toLocalDate();
  }

  /** A progress line with the seconds since the demo started. */
  private static void step(StewardContext ctx, long t0, String line) {
    ctx.progress(
        String.format(Locale.ROOT, "demo [%5.1fs] %s", (System.nanoTime() - t0) / 1e9, line));
  }

  private static void overwrite(Dataset<Row> rows, String path) {
    rows.write().format("delta").mode("overwrite").option("overwriteSchema", "true").save(path);
  }

  /** Specs go beside the demo data in a local warehouse, else to a local temporary folder. */
  private static Path specFolder(StewardContext ctx, DemoPortfolio.Layout layout) {
    try {
      return ctx.warehouse().isLocal()
          ? Paths.get(layout.specs())
          : Files.createTempDirectory("steward-demo-specs");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a folder for the demo specs", e);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
