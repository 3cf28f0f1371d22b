package io.steward.jobs.demo;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.steward.common.domain.Granularity;
import io.steward.common.domain.PsiBand;
import io.steward.common.domain.TimeWindow;
import io.steward.common.spec.TableRef;
import io.steward.jobs.action.BaselineAction;
import io.steward.jobs.action.InitAction;
import io.steward.jobs.action.NightlyAction;
import io.steward.jobs.action.RegisterMonitorAction;
import io.steward.jobs.action.StewardContext;
import io.steward.registry.store.SourceTables;
import io.steward.registry.store.TableWriter;
import io.steward.registry.tables.StewardTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Builds the demo portfolio in the warehouse and runs it: generate logs and snapshots (executors),
 * register the monitors, build the baselines, then run the nightly job over the whole period and
 * summarise each model. Rerunning the demo rebuilds its data and replaces its results.
 */
public final class DemoAction {
  private DemoAction() {}

  public record Params(
      int models, int days, long rowsPerDay, long snapshotRows, LocalDate start, long seed) {}

  /** One line of the portfolio summary. */
  public record ModelSummary(
      String modelId,
      String riskTier,
      String stage,
      long rows,
      String worstFeature,
      Double worstPsi,
      String worstBand,
      LocalDate firstSignificant,
      String injected) {}

  public static List<ModelSummary> run(StewardContext ctx, Params p) {
    long t0 = System.nanoTime();
    InitAction.run(ctx);
    String root = ctx.warehouse().root() + "/demo";
    DemoPortfolio.Layout layout = new DemoPortfolio.Layout(root);
    List<DemoPortfolio.Model> models = DemoPortfolio.models(p.models());

    for (String table : DemoPortfolio.tables(models)) {
      step(ctx, t0, "writing prediction log " + table + " (" + p.days() + " days)");
      DemoPortfolio.log(ctx.spark(), table, models, p.start(), p.days(), p.rowsPerDay(), p.seed())
          .write()
          .format("delta")
          .mode("overwrite")
          .option("overwriteSchema", "true")
          .save(layout.log(table));
    }
    for (DemoPortfolio.Model m : models) {
      String path = layout.snapshot(m.id());
      step(ctx, t0, "writing training snapshot of " + m.id());
      DemoPortfolio.snapshot(ctx.spark(), m, p.snapshotRows(), p.seed())
          .write()
          .format("delta")
          .mode("overwrite")
          .option("overwriteSchema", "true")
          .save(path);
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
      write(spec, DemoPortfolio.spec(m, layout, pinned));
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
    step(ctx, t0, "nightly drift for " + window + " (" + p.days() + " nights, one pass)");
    NightlyAction.Result r = NightlyAction.run(ctx, new NightlyAction.Params(window, ids));
    for (LocalDate d = window.first(); !d.isAfter(window.last()); d = d.plusDays(1)) {
      LocalDate night = d;
      long rows =
          r.nights().stream()
              .filter(n -> n.night().equals(night))
              .mapToLong(NightlyAction.ModelNight::rows)
              .sum();
      long significant =
          r.nights().stream()
              .filter(
                  n -> n.night().equals(night) && PsiBand.SIGNIFICANT.name().equals(n.worstBand()))
              .count();
      ctx.progress(
          "night "
              + night
              + ": "
              + rows
              + " predictions, "
              + r.nights().stream().filter(n -> n.night().equals(night)).count()
              + " model versions, "
              + significant
              + " with a SIGNIFICANT feature");
    }
    step(ctx, t0, "done");
    return summarise(ctx, window, models, walked);
  }

  private static List<ModelSummary> summarise(
      StewardContext ctx,
      TimeWindow window,
      List<DemoPortfolio.Model> models,
      Map<String, DemoGovernance.Walked> walked) {
    Dataset<Row> drift =
        TableWriter.read(ctx.spark(), ctx.warehouse(), StewardTables.FEATURE_DRIFT)
            .where(col("granularity").equalTo("DAY"))
            .where(col("window_start").geq(java.sql.Timestamp.from(window.start())))
            .where(col("window_start").lt(java.sql.Timestamp.from(window.end())));
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
    List<ModelSummary> out = new ArrayList<>();
    for (Row r :
        rows.join(worst, List.of("model_id").toArray(String[]::new))
            .orderBy("model_id")
            .collectAsList()) {
      String id = r.getAs("model_id");
      DemoPortfolio.Model m =
          models.stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
      Double psi = r.getAs("worst_psi");
      java.sql.Timestamp first = r.getAs("first_significant");
      out.add(
          new ModelSummary(
              id,
              m.riskTier(),
              walked.containsKey(id) ? walked.get(id).stage() : null,
              r.<Long>getAs("rows"),
              r.getAs("worst_feature"),
              psi,
              psi == null ? null : PsiBand.of(psi).name(),
              first == null ? null : first.toInstant().atZone(ZoneOffset.UTC).toLocalDate(),
              m.drift()));
    }
    return out;
  }

  /** A progress line with the seconds since the demo started. */
  private static void step(StewardContext ctx, long t0, String line) {
    ctx.progress(
        String.format(
            java.util.Locale.ROOT, "demo [%5.1fs] %s", (System.nanoTime() - t0) / 1e9, line));
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
