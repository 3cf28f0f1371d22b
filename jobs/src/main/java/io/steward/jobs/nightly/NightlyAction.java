package io.steward.jobs.nightly;

import io.steward.common.domain.Granularity;
import static org.apache.spark.sql.functions.col;

import io.steward.common.domain.StewardVersion;
import io.steward.common.domain.TimeWindow;
import io.steward.common.errors.Errors;
import io.steward.common.metrics.drift.ModelBaseline;
import io.steward.common.metrics.window.Rejection;
import io.steward.common.spec.MonitorSpec;
import io.steward.common.spec.TableRef;
import io.steward.jobs.StewardContext;
import io.steward.jobs.labels.LabelSource;
import io.steward.jobs.labels.LabelSources;
import io.steward.jobs.labels.Scratch;
import io.steward.jobs.monitor.SpecSchemaCheck;
import io.steward.jobs.results.WindowResults;
import io.steward.jobs.scan.ModelColumns;
import io.steward.jobs.scan.ModelRules;
import io.steward.jobs.scan.ProfileColumns;
import io.steward.jobs.scan.ScanCounter;
import io.steward.jobs.scan.ScanProgress;
import io.steward.jobs.scan.WindowInputs;
import io.steward.registry.store.BaselineStore;
import io.steward.registry.store.JobRun;
import io.steward.registry.store.JobRunStore;
import io.steward.registry.store.MonitorStore;
import io.steward.registry.store.ResultsStore;
import io.steward.registry.store.SourceTables;
import io.steward.registry.warehouse.ConcurrentJobs;
import io.steward.registry.warehouse.Identity;
import io.steward.registry.warehouse.Migrations;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The nightly run over a range of nights (one night, or a backfill computed in one pass): drift,
 * performance, fairness and operational metrics of every model version and window.
 *
 * <p>Driver: reads specs, baselines and registered metrics, resolves each log and labels table's
 * latest Delta version, checks schemas (all before anything is written), records the run, and finds
 * the earlier nights whose late labels changed ({@link LateLabels}). Executors: each log table is
 * scanned once for all its models, nights and weeks; its rows are joined to their labels and fed to
 * one aggregation ({@link WindowInputs}, {@code WindowScan}) whose small per-window states become
 * every figure. The figures replace any earlier results of the same windows and models, one Delta
 * commit per results table ({@link WindowResults}). Only per-window figures and a few counts reach
 * the driver; the scans each query plan made are counted and recorded in {@code job_runs.inputs}.
 */
public final class NightlyAction {
  private NightlyAction() {}

  public record Params(TimeWindow window, List<String> models) {}

  /**
   * One model version's result for one night: its rows, its most drifted feature, its main
   * performance figure (AUC, or RMSE for a regression) with the label coverage, and its p95 latency
   * and error rate; figures not computed are null.
   */
  public record ModelNight(
      String modelId,
      String modelVersion,
      LocalDate night,
      long rows,
      String worstFeature,
      Double worstPsi,
      String worstBand,
      String performanceMetric,
      Double performance,
      Double labelCoverage,
      Double latencyP95,
      Double errorRate) {}

  public record Result(
      String runId,
      long rowsRead,
      List<JobRun.Input> inputs,
      List<ModelNight> nights,
      List<JobRun.Rejected> rejected,
      String message) {}

  /** The columns that decide how a log table is read; models sharing them share one scan. */
  private record ScanKey(
      String table, String timestamp, String modelIdColumn, String modelVersion) {}

  private record Scan(ScanKey key, long version, Dataset<Row> rows, List<MonitorSpec> specs) {}

  /** A labels table read by the run, at the version it read. */
  private record LabelsRead(TableRef table, long version, Dataset<Row> rows) {}

  public static Result run(StewardContext ctx, Params params) {
    long begun = System.nanoTime();
    // The registry and the source tables are read by small independent Delta reads, done at once.
    // Registry rows, results rows and job_runs are small data (see StewardSpark.smallData); the
    // prediction logs and labels are read in the command's own session.
    StewardContext small = ctx.smallData();
    Map<String, MonitorStore.Registered> monitors =
        ConcurrentJobs.<Map<String, MonitorStore.Registered>>all(
                small.spark(),
                "reading the registry",
                List.of(
                    () -> {
                      Migrations.requireCurrent(small.spark(), small.warehouse());
                      return null;
                    },
                    () -> MonitorStore.active(small.spark(), small.warehouse())))
            .get(1);
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
    Map<String, TableRef> sources = new LinkedHashMap<>();
    for (String m : models) {
      MonitorSpec s = monitors.get(m).spec();
      sources.putIfAbsent(s.predictions().table().sql(), s.predictions().table());
      s.labels().ifPresent(l -> sources.putIfAbsent(l.table().sql(), l.table()));
    }
    List<Callable<Object>> reads = new ArrayList<>();
    reads.add(() -> checkedBaselines(small, models, monitors));
    for (TableRef t : sources.values()) {
      reads.add(() -> SourceTables.readLatest(ctx.spark(), t));
    }
    List<Object> read = ConcurrentJobs.all(ctx.spark(), "reading the registry", reads);
    @SuppressWarnings("unchecked")
    Map<String, BaselineStore.Stored> baselines = (Map<String, BaselineStore.Stored>) read.get(0);
    Map<String, SourceTables.Read> tables = new LinkedHashMap<>();
    int i = 1;
    for (String t : sources.keySet()) {
      tables.put(t, (SourceTables.Read) read.get(i++));
    }

    List<Scan> scans = plan(models, monitors, tables);
    Map<String, LabelsRead> labels = labels(models, monitors, tables);

    TimeWindow window = params.window();
    Instant started = Instant.now();
    JobRun run =
        JobRun.builder(UUID.randomUUID().toString(), "nightly", started)
            .models(models)
            .window(window.granularity(), window.start(), window.end())
            .message("computing drift, performance, fairness and operations for " + window)
            .ranBy(ctx.user(), Identity.host(), StewardVersion.get())
            .build();
    // The run's RUNNING row is committed while the earlier runs' label versions are read.
    Map<String, Long> previous =
        ConcurrentJobs.<Map<String, Long>>all(
                ctx.spark(),
                "starting the run",
                List.of(
                    () -> {
                      JobRunStore.start(small.spark(), small.warehouse(), run);
                      return null;
                    },
                    () -> JobRunStore.lastLabelVersions(small.spark(), small.warehouse())))
            .get(1);
    ctx.progress(
        "nightly "
            + window
            + ": registry, "
            + tables.size()
            + " source table(s) read and the run recorded as RUNNING"
            + took(begun));
    try {
      Result result =
          compute(ctx, run.runId(), started, window, models, scans, baselines, labels, previous);
      long finishing = System.nanoTime();
      JobRunStore.finish(
          small.spark(),
          small.warehouse(),
          run.succeeded(
              result.inputs(),
              result.rowsRead(),
              result.message(),
              result.rejected(),
              Instant.now()));
      ctx.progress(
          "nightly "
              + window
              + ": run "
              + run.runId()
              + " recorded as SUCCEEDED"
              + took(finishing)
              + "; "
              + String.format(Locale.ROOT, "%.1f s in all", (System.nanoTime() - begun) / 1e9));
      return result;
    } catch (RuntimeException e) {
      JobRunStore.finish(
          small.spark(),
          small.warehouse(),
          run.failed("failed", String.valueOf(e), Instant.now()));
      throw e;
    }
  }

  /** Every model's baseline, checked to cover the features its spec monitors. */
  private static Map<String, BaselineStore.Stored> checkedBaselines(
      StewardContext ctx, List<String> models, Map<String, MonitorStore.Registered> monitors) {
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
    return baselines;
  }

  /** Groups the models by log table, resolves versions and checks every schema. Driver only. */
  private static List<Scan> plan(
      List<String> models,
      Map<String, MonitorStore.Registered> monitors,
      Map<String, SourceTables.Read> tables) {
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
      SourceTables.Read read = tables.get(first.predictions().table().sql());
      long version = read.version();
      Dataset<Row> rows = read.rows();
      for (MonitorSpec s : g.getValue()) {
        SpecSchemaCheck.checkPredictions(s, rows.schema());
      }
      scans.add(new Scan(g.getKey(), version, rows, g.getValue()));
    }
    return scans;
  }

  /** Resolves and checks each labelled model's labels table, by model id. Driver only. */
  private static Map<String, LabelsRead> labels(
      List<String> models,
      Map<String, MonitorStore.Registered> monitors,
      Map<String, SourceTables.Read> tables) {
    Map<String, LabelsRead> byTable = new LinkedHashMap<>();
    Map<String, LabelsRead> byModel = new LinkedHashMap<>();
    for (String m : models) {
      MonitorSpec s = monitors.get(m).spec();
      if (s.labels().isEmpty()) {
        continue;
      }
      TableRef table = s.labels().get().table();
      LabelsRead read =
          byTable.computeIfAbsent(
              table.sql(),
              k -> {
                SourceTables.Read latest = tables.get(table.sql());
                return new LabelsRead(table, latest.version(), latest.rows());
              });
      SpecSchemaCheck.checkLabels(s, read.rows().schema());
      byModel.put(m, read);
    }
    return byModel;
  }

  private static Result compute(
      StewardContext ctx,
      String runId,
      Instant started,
      TimeWindow window,
      List<String> models,
      List<Scan> scans,
      Map<String, BaselineStore.Stored> baselines,
      Map<String, LabelsRead> labels,
      Map<String, Long> previous) {
    long futureAfter = ChronoUnit.MICROS.between(Instant.EPOCH, started);
    List<JobRun.Input> inputs = new ArrayList<>();
    List<JobRun.Rejected> rejected = new ArrayList<>();
    List<ResultsStore.RunWindows> written = new ArrayList<>();
    List<WindowResults.Planned> planned = new ArrayList<>();

    // 1. Per log table: the earlier nights whose late labels changed, hence the windows to compute.
    List<WindowPlan> plans = new ArrayList<>();
    List<Integer> lookupScans = new ArrayList<>();
    List<Set<String>> logRoots = new ArrayList<>();
    for (Scan scan : scans) {
      SortedSet<LocalDate> relabeled = new TreeSet<>();
      int lookups = 0;
      Set<String> roots = ScanCounter.roots(scan.rows());
      // One lookup per labels table of the scan, against every model's predictions in the table
      // (a labels table shared by models holds the labels of all of them).
      Map<String, List<MonitorSpec>> byLabels = new LinkedHashMap<>();
      for (MonitorSpec s : scan.specs()) {
        LabelsRead l = labels.get(s.modelId().value());
        if (l != null) {
          byLabels.computeIfAbsent(l.table().sql(), k -> new ArrayList<>()).add(s);
        }
      }
      for (List<MonitorSpec> sharing : byLabels.values()) {
        MonitorSpec first =
            sharing.stream()
                .max(Comparator.comparingInt(MonitorSpec::labelLookbackDays))
                .orElseThrow();
        LabelsRead l = labels.get(first.modelId().value());
        LateLabels.Changes changes =
            LateLabels.find(
                ctx,
                first,
                scan.rows(),
                l.rows(),
                l.version(),
                previous.get(l.table().sql()),
                window.first(),
                window.last());
        relabeled.addAll(changes.days());
        if (changes.withoutPrediction() > 0) {
          rejected.add(
              new JobRun.Rejected(
                  sharing.stream().map(x -> x.modelId().value()).collect(Collectors.joining(",")),
                  Rejection.LABEL_WITHOUT_PREDICTION.reason(),
                  changes.withoutPrediction()));
        }
        if (changes.lookup() != null) {
          lookups += ScanCounter.count(changes.lookup(), roots);
        }
      }
      plans.add(WindowPlan.of(window.first(), window.last(), relabeled));
      lookupScans.add(lookups);
      logRoots.add(roots);
    }

    // 2. The latest label of each prediction id, for every labels table the scans join, at once.
    LabelSources sources = new LabelSources();
    List<Map<String, Integer>> scanLabels = new ArrayList<>();
    for (int i = 0; i < scans.size(); i++) {
      Map<String, Integer> byModel = new LinkedHashMap<>();
      for (MonitorSpec s : scans.get(i).specs()) {
        LabelsRead l = labels.get(s.modelId().value());
        if (l != null) {
          byModel.put(
              s.modelId().value(),
              sources.add(
                  l.table().sql(),
                  l.rows(),
                  s.labels().orElseThrow(),
                  plans.get(i).ranges().get(0)[0]));
        }
      }
      scanLabels.add(byModel);
    }
    long labelling = System.nanoTime();
    WindowInputs.Profiled profiled;
    List<Row> collected;
    long scanning;
    // The labels' index files live until the scan that reads them has run.
    try (sources) {
      sources.prepare(ctx.spark(), Scratch.forRun(ctx.spark(), ctx.warehouse().root(), runId));
      ctx.progress(
          "nightly " + window + ": latest labels keyed" + sources.describe() + took(labelling));

      // 3. Every log table's rows, joined to their labels, profiled in one job.
      ProfileColumns values = new ProfileColumns();
      List<ModelRules> rules = new ArrayList<>();
      List<WindowInputs.ScanInput> scanInputs = new ArrayList<>();
      for (int i = 0; i < scans.size(); i++) {
        Scan scan = scans.get(i);
        WindowPlan plan = plans.get(i);
        Map<String, ModelBaseline> modelBaselines = new LinkedHashMap<>();
        for (MonitorSpec s : scan.specs()) {
          modelBaselines.put(s.modelId().value(), baselines.get(s.modelId().value()).baseline());
        }
        List<String> scanModels = new ArrayList<>(modelBaselines.keySet());
        ctx.progress(
            "nightly "
                + window
                + ": "
                + scan.key().table()
                + " for "
                + String.join(", ", scanModels)
                + " ("
                + plan.days().size()
                + " day and "
                + plan.weeks().size()
                + " week window(s)"
                + relabelled(plan, window)
                + "), table "
                + (i + 1)
                + " of "
                + scans.size());
        scanInputs.add(
            WindowInputs.input(
                scan.rows(),
                scan.key().timestamp(),
                scan.key().modelIdColumn(),
                scan.key().modelVersion(),
                scan.specs(),
                modelBaselines,
                labelSources(scanLabels.get(i), sources),
                futureAfter,
                plan,
                values,
                rules,
                i));
        written.add(plan.windows(scanModels));
        for (MonitorSpec s : scan.specs()) {
          planned.add(new WindowResults.Planned(s, plan, window));
        }
      }
      ctx.progress("nightly " + window + ": scanning " + scans.size() + " log table(s)");
      scanning = System.nanoTime();
      profiled = WindowInputs.profile(scanInputs, values, rules);
      // The per-window profiles are small (figures and histograms, never rows): collected once,
      // they feed every results table without touching the log again.
      ScanProgress progress =
          ScanProgress.start(
              ctx.spark().sparkContext(), "nightly " + window + ": scan", ctx::progress);
      try {
        collected = profiled.profiles().collectAsList();
      } finally {
        progress.close();
      }
    }
    StewardContext small = ctx.smallData();
    Dataset<Row> profiles = small.spark().createDataFrame(collected, profiled.profiles().schema());
    for (int i = 0; i < scans.size(); i++) {
      Scan scan = scans.get(i);
      Set<String> ids = new HashSet<>();
      scan.specs().forEach(s -> ids.add(s.modelId().value()));
      long rows = 0;
      for (Row r : collected) {
        if (Granularity.DAY.name().equals(r.getAs(WindowInputs.GRANULARITY))
            && ids.contains(r.<String>getAs(WindowInputs.MODEL_ID))) {
          rows += r.<Row>getAs(WindowInputs.PROFILE).<Long>getAs("row_count");
        }
      }
      inputs.add(
          new JobRun.Input(
              scan.key().table(),
              scan.version(),
              rows,
              ScanCounter.count(profiled.input(), logRoots.get(i)),
              "predictions"));
      if (lookupScans.get(i) > 0) {
        inputs.add(
            new JobRun.Input(
                scan.key().table(), scan.version(), null, lookupScans.get(i), "label lookup"));
      }
    }
    ctx.progress(
        "nightly "
            + window
            + ": scanned "
            + inputs.stream()
                .filter(x -> "predictions".equals(x.role()))
                .mapToLong(x -> x.rowsRead())
                .sum()
            + " rows into "
            + collected.size()
            + " window profile(s)"
            + took(scanning)
            + "; writing results");
    long writing = System.nanoTime();
    for (LabelsRead l : new LinkedHashSet<>(labels.values())) {
      inputs.add(
          new JobRun.Input(
              l.table().sql(),
              l.version(),
              null,
              sources.scans(ScanCounter.roots(l.rows())),
              "labels"));
    }
    WindowResults results =
        WindowResults.of(small, runId, profiles, baselines, planned, models, written);
    ctx.progress("nightly " + window + ": results written" + took(writing));
    rejected.addAll(results.rejected());
    long rowsRead =
        inputs.stream()
            .filter(i -> "predictions".equals(i.role()))
            .mapToLong(i -> i.rowsRead() == null ? 0 : i.rowsRead())
            .sum();
    List<ModelNight> nights = summarise(results);
    String message =
        rowsRead == 0
            ? "no rows for "
                + String.join(", ", models)
                + " in "
                + window
                + "; recorded a run with zero rows"
            : rowsRead
                + " rows, "
                + nights.size()
                + " model-version night(s) in "
                + window
                + (results.weeks() > 0 ? ", " + results.weeks() + " week window(s)" : "")
                + (results.relabeled() > 0
                    ? ", " + results.relabeled() + " earlier night(s) recomputed for late labels"
                    : "")
                + (rejected.isEmpty()
                    ? ""
                    : ", "
                        + rejected.stream().mapToLong(JobRun.Rejected::rows).sum()
                        + " bad input row(s) counted");
    return new Result(runId, rowsRead, inputs, nights, rejected, message);
  }

  private static Map<String, LabelSource> labelSources(
      Map<String, Integer> byModel, LabelSources sources) {
    Map<String, LabelSource> out = new LinkedHashMap<>();
    byModel.forEach((m, j) -> out.put(m, sources.get(j)));
    return out;
  }

  /** " in 1.2 s": the time since {@code since} (System.nanoTime()). */
  private static String took(long since) {
    return String.format(Locale.ROOT, " in %.1f s", (System.nanoTime() - since) / 1e9);
  }

  private static String relabelled(WindowPlan plan, TimeWindow window) {
    long n = plan.days().stream().filter(d -> d.isBefore(window.first())).count();
    return n == 0 ? "" : ", " + n + " night(s) relabelled";
  }

  /** The most drifted feature of each model version and night (a few rows per model). */
  private static List<ModelNight> summarise(WindowResults results) {
    Map<String, ModelNight> best = new LinkedHashMap<>();
    for (Row r :
        results
            .drift()
            .select(
                "model_id",
                "model_version",
                "window_start",
                "row_count",
                "feature",
                "psi",
                "psi_band")
            .where(col("granularity").equalTo(Granularity.DAY.name()))
            .orderBy("model_id", "model_version", "window_start", "feature")
            .collectAsList()) {
      LocalDate night = r.getTimestamp(2).toInstant().atZone(ZoneOffset.UTC).toLocalDate();
      String key = r.getString(0) + "\u0000" + r.getString(1) + "\u0000" + night;
      Double psi = r.isNullAt(5) ? null : r.getDouble(5);
      ModelNight current = best.get(key);
      if (current == null
          || (psi != null && (current.worstPsi() == null || psi > current.worstPsi()))) {
        WindowResults.Headline h = results.headline(r.getString(0), r.getString(1), night);
        best.put(
            key,
            new ModelNight(
                r.getString(0),
                r.getString(1),
                night,
                r.getLong(3),
                r.getString(4),
                psi,
                r.getString(6),
                h == null ? null : h.metric(),
                h == null ? null : h.value(),
                h == null ? null : h.labelCoverage(),
                h == null ? null : h.latencyP95(),
                h == null ? null : h.errorRate()));
      }
    }
    return new ArrayList<>(best.values());
  }
}
