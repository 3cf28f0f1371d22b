package io.steward.jobs.demo;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.steward.common.domain.Granularity;
import io.steward.common.domain.PsiBand;
import io.steward.common.domain.TimeWindow;
import io.steward.common.lifecycle.GatePolicy;
import io.steward.common.spec.TableRef;
import io.steward.jobs.StewardContext;
import io.steward.jobs.audit.AuditAction;
import io.steward.jobs.baseline.BaselineAction;
import io.steward.jobs.monitor.RegisterMonitorAction;
import io.steward.jobs.nightly.NightlyAction;
import io.steward.jobs.warehouse.InitAction;
import io.steward.registry.store.Retention;
import io.steward.registry.store.SourceTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.LocalDate;
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
 * nights at a time, as a scheduler catching up would, audit the inventory on the last night and
 * summarise each model. Before each pass the outcomes that became known by the end of its last
 * night are appended to the labels tables, so every pass also recomputes the earlier nights whose
 * labels arrived since the pass before. Rerunning the demo rebuilds its data and replaces its
 * results.
 *
 * <p>Driver: the passes, the label appends and the {@link PortfolioSummary} (a few rows per model
 * read back from the results tables). Executors: the generated data, kept in memory until its
 * outcomes have arrived.
 */
public final class DemoAction {
  private DemoAction() {}

  /** Weeks of nights per nightly pass. */
  static final int PASS_WEEKS = 3;

  public record Params(
      int models, int days, long rowsPerDay, long snapshotRows, LocalDate start, long seed) {}

  /** Days of traffic the closing audit reads, up to the last night. */
  static final int AUDIT_LOOKBACK_DAYS = 7;

  /**
   * The portfolio summary, shadow mode's comparisons and what they led to, and the inventory audit
   * run on the last night.
   */
  public record Result(
      List<PortfolioSummary.ModelSummary> summary,
      List<ShadowSummary.Line> shadow,
      List<String> shadowNotes,
      AuditAction.Result audit) {}

  /** Builds and runs the demo, then audits it; returns its portfolio summary and the audit. */
  public static Result run(StewardContext ctx, Params p) {
    long t0 = System.nanoTime();
    InitAction.run(ctx);
    String root = ctx.warehouse().root() + "/demo";
    DemoLayout layout = new DemoLayout(root);
    List<DemoCatalog.Model> models = DemoCatalog.models(p.models());

    Map<String, Dataset<Row>> outcomes = new LinkedHashMap<>();
    for (String table : DemoCatalog.tables(models)) {
      step(ctx, t0, "writing prediction log " + table + " (" + p.days() + " days)");
      Dataset<Row> generated =
          DemoData.log(
                  ctx.spark(),
                  table,
                  DemoCatalog.logged(models),
                  p.start(),
                  p.days(),
                  p.rowsPerDay(),
                  p.seed())
              .localCheckpoint(true);
      overwrite(DemoData.predictions(generated, table), layout.log(table));
      Dataset<Row> shadow = DemoData.shadow(generated, table, DemoCatalog.logged(models));
      if (shadow != null) {
        step(ctx, t0, "writing " + DemoCatalog.shadowTable(table) + " (versions in shadow mode)");
        overwrite(shadow, layout.log(DemoCatalog.shadowTable(table)));
      }
      if (DemoCatalog.lateLabels(table)) {
        Dataset<Row> o = DemoData.outcomes(generated);
        overwrite(o.limit(0), layout.outcomes(table));
        outcomes.put(table, o);
      }
    }
    for (DemoCatalog.Model m : models) {
      step(ctx, t0, "writing training snapshot of " + m.id());
      overwrite(
          DemoData.snapshot(ctx.spark(), m, p.snapshotRows(), p.seed()), layout.snapshot(m.id()));
      // A training snapshot that lineage is pinned to keeps the audit horizon of history.
      Retention.keep(ctx.spark(), layout.snapshot(m.id()), GatePolicy.DEFAULT_AUDIT_HORIZON_DAYS);
    }
    List<String> ids = new ArrayList<>();
    step(ctx, t0, "registering " + models.size() + " monitors and building their baselines");
    Path specs = specFolder(ctx, layout);
    Map<String, Long> pinnedVersions = new HashMap<>();
    for (DemoCatalog.Model m : models) {
      Path spec = specs.resolve(m.id() + ".yaml");
      long pinned =
          SourceTables.latestVersion(ctx.spark(), TableRef.ofPath(layout.snapshot(m.id())));
      pinnedVersions.put(m.id(), pinned);
      write(spec, DemoSpecs.spec(m, layout, pinned, p.rowsPerDay()));
      RegisterMonitorAction.run(ctx, spec);
      BaselineAction.run(ctx, m.id());
      ids.add(m.id());
    }

    step(
        ctx,
        t0,
        "walking the models through the lifecycle as their owners, developers, validators and approvers");
    Map<String, DemoGovernance.Walked> walked = new HashMap<>();
    for (DemoGovernance.Walked w :
        DemoGovernance.run(ctx, models, layout, pinnedVersions, p.start())) {
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
    List<String> shadowNotes = new ArrayList<>();
    LocalDate goLiveAfter = p.start().plusDays(DemoCatalog.FRAUD_V2_DAY - 1L);
    boolean wentLive = false;
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
      if (!wentLive && !pass.last().isBefore(goLiveAfter)) {
        wentLive = true;
        step(ctx, t0, "shadow mode: fraud_detection's self-test and go-live decision");
        for (String note : DemoGovernance.shadowGoLive(ctx, p.start(), pass.last())) {
          ctx.progress("  " + note);
          shadowNotes.add(note);
        }
        var fraud =
            new io.steward.registry.store.Registry(ctx.spark(), ctx.warehouse())
                .models()
                .get("fraud_detection");
        if (fraud != null && walked.containsKey("fraud_detection")) {
          walked.put(
              "fraud_detection",
              new DemoGovernance.Walked(
                  "fraud_detection", fraud.stage(), "after its shadow-mode decision"));
        }
      }
    }
    step(ctx, t0, "inventory audit of the last " + AUDIT_LOOKBACK_DAYS + " nights");
    AuditAction.Result audit =
        AuditAction.run(ctx, new AuditAction.Params(window.last(), AUDIT_LOOKBACK_DAYS, List.of()));
    step(ctx, t0, "done");
    return new Result(
        PortfolioSummary.of(ctx, window, models, walked),
        ShadowSummary.of(ctx),
        shadowNotes,
        audit);
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

  /** A progress line with the seconds since the demo started. */
  private static void step(StewardContext ctx, long t0, String line) {
    ctx.progress(
        String.format(Locale.ROOT, "demo [%5.1fs] %s", (System.nanoTime() - t0) / 1e9, line));
  }

  private static void overwrite(Dataset<Row> rows, String path) {
    rows.write().format("delta").mode("overwrite").option("overwriteSchema", "true").save(path);
  }

  /** Specs go beside the demo data in a local warehouse, else to a local temporary folder. */
  private static Path specFolder(StewardContext ctx, DemoLayout layout) {
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
