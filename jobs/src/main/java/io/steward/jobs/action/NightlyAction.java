package io.steward.jobs.action;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import io.steward.common.domain.StewardVersion;
import io.steward.common.domain.TimeWindow;
import io.steward.common.errors.Errors;
import io.steward.common.metrics.drift.BinCodes;
import io.steward.common.metrics.drift.DriftHistograms;
import io.steward.common.metrics.drift.ModelBaseline;
import io.steward.common.metrics.drift.Psi;
import io.steward.common.spec.MonitorSpec;
import io.steward.common.spec.SpecSchemaCheck;
import io.steward.registry.store.BaselineStore;
import io.steward.registry.store.JobRun;
import io.steward.registry.store.JobRunStore;
import io.steward.registry.store.MonitorStore;
import io.steward.registry.store.SourceTables;
import io.steward.registry.store.TableWriter;
import io.steward.registry.tables.StewardTables;
import io.steward.registry.warehouse.Identity;
import io.steward.registry.warehouse.Migrations;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The nightly drift run over a range of nights (one night, or a backfill computed in one pass).
 *
 * <p>Driver: reads specs and baselines, resolves each log table's latest Delta version, checks
 * schemas (all before anything is written), then records the run. Executors: each log table is
 * scanned once for all its models and nights; every histogram of every feature is built in one
 * aggregation ({@link DriftHistograms}); PSI and rates are computed from the small histograms
 * ({@link Psi}). The window's results replace any earlier results of the same nights and models in
 * one Delta commit. Only per-group histograms and per-feature results reach the driver.
 */
public final class NightlyAction {
  private NightlyAction() {}

  public static final String GRANULARITY = "DAY";

  public record Params(TimeWindow window, List<String> models) {}

  /** One model version's result for one night: its rows and its most drifted feature. */
  public record ModelNight(
      String modelId,
      String modelVersion,
      LocalDate night,
      long rows,
      String worstFeature,
      Double worstPsi,
      String worstBand) {}

  public record Result(
      String runId,
      long rowsRead,
      List<JobRun.Input> inputs,
      List<ModelNight> nights,
      String message) {}

  /** The columns that decide how a log table is read; models sharing them share one scan. */
  private record ScanKey(
      String table, String timestamp, String modelIdColumn, String modelVersion) {}

  private record Scan(ScanKey key, long version, Dataset<Row> rows, List<MonitorSpec> specs) {}

  public static Result run(StewardContext ctx, Params params) {
    Migrations.requireCurrent(ctx.spark(), ctx.warehouse());
    Map<String, MonitorStore.Registered> monitors =
        MonitorStore.active(ctx.spark(), ctx.warehouse());
    List<String> models =
        params.models().isEmpty() ? new ArrayList<>(monitors.keySet()) : params.models();
    if (models.isEmpty()) {
      throw Errors.noMonitors();
    }
    for (String m : models) {
      if (!monitors.containsKey(m)) {
        throw Errors.unknownModel(m, monitors.keySet());
      }
    }
    Map<String, BaselineStore.Stored> baselines =
        BaselineStore.load(ctx.spark(), ctx.warehouse(), models);
    for (String m : models) {
      BaselineStore.Stored b = baselines.get(m);
      if (b == null) {
        throw Errors.noBaseline(m);
      }
      for (String f : ModelColumns.all(monitors.get(m).spec(), false).keySet()) {
        if (b.baseline().feature(f) == null) {
          throw Errors.staleBaseline(m, f);
        }
      }
    }

    List<Scan> scans = plan(ctx, models, monitors);

    TimeWindow window = params.window();
    Instant started = Instant.now();
    JobRun run =
        new JobRun(
            UUID.randomUUID().toString(),
            "nightly",
            models,
            GRANULARITY,
            window.start(),
            window.end(),
            List.of(),
            null,
            JobRun.Status.RUNNING,
            "computing drift for " + window,
            null,
            started,
            null,
            ctx.user(),
            Identity.host(),
            StewardVersion.get());
    JobRunStore.start(ctx.spark(), ctx.warehouse(), run);
    try {
      Result result = compute(ctx, run.runId(), window, models, scans, baselines);
      JobRunStore.finish(
          ctx.spark(),
          ctx.warehouse(),
          run.finished(
              JobRun.Status.SUCCEEDED,
              result.inputs(),
              result.rowsRead(),
              result.message(),
              null,
              Instant.now()));
      return result;
    } catch (RuntimeException e) {
      JobRunStore.finish(
          ctx.spark(),
          ctx.warehouse(),
          run.finished(
              JobRun.Status.FAILED, List.of(), null, "failed", String.valueOf(e), Instant.now()));
      throw e;
    }
  }

  /** Groups the models by log table, resolves versions and checks every schema. Driver only. */
  private static List<Scan> plan(
      StewardContext ctx, List<String> models, Map<String, MonitorStore.Registered> monitors) {
    Map<ScanKey, List<MonitorSpec>> groups = new LinkedHashMap<>();
    for (String m : models) {
      MonitorSpec s = monitors.get(m).spec();
      MonitorSpec.Predictions p = s.predictions();
      ScanKey key =
          new ScanKey(p.table().sql(), p.timestamp(), p.modelIdColumn(), p.modelVersion());
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
    }
    List<Scan> scans = new ArrayList<>();
    for (Map.Entry<ScanKey, List<MonitorSpec>> g : groups.entrySet()) {
      MonitorSpec first = g.getValue().get(0);
      long version = SourceTables.latestVersion(ctx.spark(), first.predictions().table());
      Dataset<Row> rows = SourceTables.readAt(ctx.spark(), first.predictions().table(), version);
      for (MonitorSpec s : g.getValue()) {
        SpecSchemaCheck.checkPredictions(s, rows.schema());
      }
      scans.add(new Scan(g.getKey(), version, rows, g.getValue()));
    }
    return scans;
  }

  private static Result compute(
      StewardContext ctx,
      String runId,
      TimeWindow window,
      List<String> models,
      List<Scan> scans,
      Map<String, BaselineStore.Stored> baselines) {
    Timestamp start = Timestamp.from(window.start());
    Timestamp end = Timestamp.from(window.end());
    Dataset<Row> histograms = null;
    for (Scan scan : scans) {
      Column ts = col(scan.key().timestamp()).cast("timestamp");
      Dataset<Row> inWindow = scan.rows().where(ts.geq(lit(start)).and(ts.lt(lit(end))));
      Map<String, Column> codes = new LinkedHashMap<>();
      for (MonitorSpec s : scan.specs()) {
        ModelBaseline b = baselines.get(s.modelId().value()).baseline();
        Map<String, Column> columns = ModelColumns.all(s, false);
        codes.put(s.modelId().value(), BinCodes.codes(b, columns::get));
      }
      Column modelId =
          scan.key().modelIdColumn() != null
              ? col(scan.key().modelIdColumn())
              : lit(scan.specs().get(0).modelId().value());
      Dataset<Row> h =
          DriftHistograms.compute(
                  inWindow, modelId, col(scan.key().modelVersion()), date_trunc("DAY", ts), codes)
              .withColumn("source_table", lit(scan.key().table()));
      histograms = histograms == null ? h : histograms.unionByName(h);
    }
    ctx.progress(
        "nightly "
            + window
            + ": scanning "
            + scans.size()
            + " log table(s) for "
            + models.size()
            + " model(s)");
    Dataset<Row> hist = histograms.localCheckpoint(true);

    List<JobRun.Input> inputs = new ArrayList<>();
    Map<String, Long> rowsByTable =
        hist.select("source_table", DriftHistograms.ROW_COUNT).collectAsList().stream()
            .collect(
                Collectors.groupingBy(
                    r -> r.getString(0), Collectors.summingLong(r -> r.getLong(1))));
    long rowsRead = 0;
    for (Scan scan : scans) {
      long n = rowsByTable.getOrDefault(scan.key().table(), 0L);
      rowsRead += n;
      inputs.add(new JobRun.Input(scan.key().table(), scan.version(), n));
    }

    List<Row> slotRows = new ArrayList<>();
    for (String m : models) {
      slotRows.addAll(Psi.slots(baselines.get(m).baseline()));
    }
    Dataset<Row> slots = ctx.spark().createDataFrame(slotRows, Psi.SLOT_SCHEMA);
    Dataset<Row> drift =
        Psi.compute(
                hist.drop("source_table"),
                slots,
                List.of(
                    DriftHistograms.MODEL_ID,
                    DriftHistograms.MODEL_VERSION,
                    DriftHistograms.WINDOW_START))
            .withColumn("run_id", lit(runId))
            .withColumn("window_end", expr("window_start + INTERVAL 1 DAY"))
            .withColumn("granularity", lit(GRANULARITY))
            .withColumn("computed_at", current_timestamp())
            .localCheckpoint(true);

    String predicate =
        "granularity = '"
            + GRANULARITY
            + "' AND window_start >= TIMESTAMP '"
            + start.toInstant()
            + "' AND window_start < TIMESTAMP '"
            + end.toInstant()
            + "' AND model_id IN ("
            + models.stream().map(TableWriter::literal).collect(Collectors.joining(", "))
            + ")";
    TableWriter.replace(ctx.warehouse(), StewardTables.FEATURE_DRIFT, drift, predicate);

    List<ModelNight> nights = summarise(drift);
    String message =
        rowsRead == 0
            ? "no rows for "
                + String.join(", ", models)
                + " in "
                + window
                + "; recorded a run with zero rows"
            : rowsRead + " rows, " + nights.size() + " model-version night(s) in " + window;
    return new Result(runId, rowsRead, inputs, nights, message);
  }

  /** The most drifted feature of each model version and night (a few rows per model). */
  private static List<ModelNight> summarise(Dataset<Row> drift) {
    Map<String, ModelNight> best = new LinkedHashMap<>();
    for (Row r :
        drift
            .select(
                "model_id",
                "model_version",
                "window_start",
                "row_count",
                "feature",
                "psi",
                "psi_band")
            .orderBy("model_id", "model_version", "window_start", "feature")
            .collectAsList()) {
      LocalDate night = r.getTimestamp(2).toInstant().atZone(ZoneOffset.UTC).toLocalDate();
      String key = r.getString(0) + "\u0000" + r.getString(1) + "\u0000" + night;
      Double psi = r.isNullAt(5) ? null : r.getDouble(5);
      ModelNight current = best.get(key);
      if (current == null
          || (psi != null && (current.worstPsi() == null || psi > current.worstPsi()))) {
        best.put(
            key,
            new ModelNight(
                r.getString(0),
                r.getString(1),
                night,
                r.getLong(3),
                r.getString(4),
                psi,
                r.getString(6)));
      }
    }
    return new ArrayList<>(best.values());
  }
}
