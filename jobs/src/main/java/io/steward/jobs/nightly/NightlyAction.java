package io.steward.jobs.nightly;

import io.steward.common.domain.Granularity;
import io.steward.common.domain.TimeWindow;
import io.steward.common.metrics.drift.ModelBaseline;
import io.steward.common.spec.MonitorSpec;
import io.steward.jobs.StewardContext;
import io.steward.jobs.decisions.DecisionsAction;
import io.steward.jobs.labels.LabelSources;
import io.steward.jobs.labels.Scratch;
import io.steward.jobs.results.WindowResults;
import io.steward.jobs.scan.ModelRules;
import io.steward.jobs.scan.ProfileColumns;
import io.steward.jobs.scan.ScanCounter;
import io.steward.jobs.scan.ScanProgress;
import io.steward.jobs.scan.WindowInputs;
import io.steward.jobs.scan.WindowScan;
import io.steward.registry.store.JobRun;
import io.steward.registry.store.ResultsStore;
import io.steward.registry.warehouse.ConcurrentJobs;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * The nightly run over a range of nights (one night, or a backfill computed in one pass): drift,
 * performance, fairness and operational metrics of every model version and window.
 *
 * <p>Driver: reads specs, baselines and registered metrics, resolves each log and labels table's
 * latest Delta version, checks schemas (all before anything is written: {@link NightlySources}),
 * records the run ({@link RunRecord}), and finds the earlier nights whose late labels changed
 * ({@link ScanPlan}, {@link LateLabels}). Executors: each log table is scanned once for all its
 * models, nights and weeks; its rows are joined to their labels and fed to one aggregation ({@link
 * WindowInputs}, {@code WindowScan}) whose small per-window states become every figure. The figures
 * replace any earlier results of the same windows and models, one Delta commit per results table
 * ({@link WindowResults}). Only per-window figures and a few counts reach the driver; the scans
 * each query plan made are counted and recorded in {@code job_runs.inputs}. Last, on the driver,
 * the rules judge the models' DAY results rows and the alert episodes are replaced ({@link
 * DecisionsAction}); the run is recorded as SUCCEEDED after that.
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

  /**
   * @param decisions the alerts the run raised and the models' open alerts, from the decisions step
   * @param skipped one line per model left out of the run because a source table of its could not
   *     be read or its schema changed (each also in {@code rejected}, with rows 0)
   */
  public record Result(
      String runId,
      long rowsRead,
      List<JobRun.Input> inputs,
      List<ModelNight> nights,
      List<JobRun.Rejected> rejected,
      String message,
      DecisionsAction.Result decisions,
      List<String> skipped) {}

  /**
   * The per-window profiles of every scan, collected on the driver (figures and histograms, never
   * rows), and the profiling job's input, for counting its scans.
   */
  /**
   * @param decoded rows the scan decoded from the log tables ({@link ScanProgress#rowsRead}), -1
   *     when unknown
   */
  /**
   * @param pairs shadow mode's rows: a night's comparisons of a model's versions ({@link
   *     WindowScan#PAIRS}), apart from the windows' profiles
   */
  private record Profiles(
      List<Row> rows, List<Row> pairs, StructType schema, Dataset<Row> input, long decoded) {}

  public static Result run(StewardContext ctx, Params params) {
    long begun = System.nanoTime();
    StewardContext small = ctx.smallData();
    NightlySources in = NightlySources.read(ctx, small, params.models());
    TimeWindow window = params.window();
    // The run's RUNNING row is committed while the earlier runs' label versions are read.
    RunRecord record = RunRecord.start(ctx, small, window, in.models());
    for (NightlySources.Skipped x : in.skipped()) {
      ctx.progress("nightly " + window + ": warning: " + x.line());
    }
    ctx.progress(
        "nightly "
            + window
            + ": registry, "
            + in.tables()
            + " source table(s) read and the run recorded as RUNNING"
            + took(begun));
    try {
      Result result = compute(ctx, record, window, in);
      long finishing = System.nanoTime();
      record.succeeded(small, result);
      ctx.progress(
          "nightly "
              + window
              + ": run "
              + record.run().runId()
              + " recorded as SUCCEEDED"
              + took(finishing)
              + "; "
              + String.format(Locale.ROOT, "%.1f s in all", (System.nanoTime() - begun) / 1e9));
      return result;
    } catch (RuntimeException e) {
      record.failed(small, e);
      throw e;
    }
  }

  private static Result compute(
      StewardContext ctx, RunRecord record, TimeWindow window, NightlySources in) {
    String runId = record.run().runId();
    // 1. Per log table: the earlier nights whose late labels changed, hence the windows to compute,
    // and the latest label of each prediction id for every labels table the scans join.
    LabelSources sources = new LabelSources();
    List<ScanPlan> plans = new ArrayList<>();
    for (LogScan scan : in.scans()) {
      plans.add(ScanPlan.of(ctx, scan, in.labels(), record.labelVersions(), window, sources));
    }
    // 2. Every log table's rows, joined to their labels, profiled in one job.
    long scanning;
    Profiles profiles;
    // The labels' index files live until the scan that reads them has run.
    try (sources) {
      long labelling = System.nanoTime();
      sources.prepare(ctx.spark(), Scratch.forRun(ctx.spark(), ctx.warehouse().root(), runId));
      ctx.progress(
          "nightly " + window + ": latest labels keyed" + sources.describe() + took(labelling));
      long futureAfter = ChronoUnit.MICROS.between(Instant.EPOCH, record.run().startedAt());
      List<WindowInputs.ScanInput> scanInputs = new ArrayList<>();
      ProfileColumns values = new ProfileColumns();
      List<ModelRules> rules = new ArrayList<>();
      for (int i = 0; i < plans.size(); i++) {
        ScanPlan p = plans.get(i);
        scanInputs.add(
            scanInput(ctx, window, p, i, plans.size(), in, sources, futureAfter, values, rules));
      }
      ctx.progress("nightly " + window + ": scanning " + plans.size() + " log table(s)");
      scanning = System.nanoTime();
      profiles = profile(ctx, window, WindowInputs.profile(scanInputs, values, rules));
    }
    // 3. The job_runs inputs: each log table's rows and scans, then each labels table's scans.
    List<JobRun.Input> inputs = new ArrayList<>();
    for (ScanPlan p : plans) {
      inputs.addAll(logInputs(p, profiles));
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
            + profiles.rows().size()
            + " window profile(s)"
            + took(scanning)
            + "; writing results");
    ReadAmplification amplification =
        new ReadAmplification(profiles.decoded(), ReadAmplification.rowsInWindows(profiles.rows()));
    Optional<String> readWarning = amplification.warning();
    readWarning.ifPresent(w -> ctx.progress("nightly " + window + ": warning: " + w));
    long writing = System.nanoTime();
    for (LabelsRead l : new LinkedHashSet<>(in.labels().values())) {
      inputs.add(
          new JobRun.Input(
              l.table().sql(),
              l.version(),
              null,
              sources.scans(ScanCounter.roots(l.rows())),
              "labels"));
    }

    // 4. The figures, replacing the results of the plans' windows.
    StewardContext small = ctx.smallData();
    List<WindowResults.Planned> planned = new ArrayList<>();
    List<ResultsStore.RunWindows> written = new ArrayList<>();
    for (ScanPlan p : plans) {
      written.add(p.plan().windows(p.scan().models()));
      p.scan().specs().forEach(s -> planned.add(new WindowResults.Planned(s, p.plan(), window)));
    }
    // The registry state the rules need is read meanwhile: the results do not change it.
    List<Callable<Object>> steps = new ArrayList<>();
    steps.add(
        () ->
            WindowResults.of(
                small,
                runId,
                record.run().startedAt(),
                small.spark().createDataFrame(profiles.rows(), profiles.schema()),
                in.shadowMode()
                    ? small.spark().createDataFrame(profiles.pairs(), profiles.schema())
                    : null,
                in.baselines(),
                planned,
                in.models(),
                written));
    steps.add(() -> DecisionsAction.readRegistry(small));
    List<Object> done =
        ConcurrentJobs.all(
            small.spark(), "writing the results and reading the registry for the rules", steps);
    WindowResults results = (WindowResults) done.get(0);
    DecisionsAction.RegistryState registry = (DecisionsAction.RegistryState) done.get(1);
    ctx.progress("nightly " + window + ": results written" + took(writing));
    List<JobRun.Rejected> rejected = new ArrayList<>();
    // A skipped model's rows were not read: its reason is recorded with zero rows.
    in.skipped()
        .forEach(x -> rejected.add(new JobRun.Rejected(x.modelId(), x.reason().reason(), 0)));
    plans.forEach(p -> rejected.addAll(p.unlabelled()));
    rejected.addAll(results.rejected());
    long rowsRead =
        inputs.stream()
            .filter(i -> "predictions".equals(i.role()))
            .mapToLong(i -> i.rowsRead() == null ? 0 : i.rowsRead())
            .sum();
    List<ModelNight> nights = ModelNights.of(results);
    long deciding = System.nanoTime();
    DecisionsAction.Result decisions =
        DecisionsAction.run(small, runId, window.last(), in.models(), specs(in), registry);
    ctx.progress(
        "nightly "
            + window
            + ": rules judged, "
            + decisions.open().size()
            + " open alert(s), "
            + decisions.raised().size()
            + " raised; triggers: "
            + decisions.triggers().raised().size()
            + " raised, "
            + decisions.triggers().escalated().size()
            + " escalated, "
            + decisions.triggers().actioned().size()
            + " actioned"
            + took(deciding));
    return new Result(
        runId,
        rowsRead,
        inputs,
        nights,
        rejected,
        message(window, in.models(), rowsRead, nights, results, rejected)
            + (decisions.raised().isEmpty()
                ? ""
                : ", " + decisions.raised().size() + " alert(s) raised")
            + (decisions.triggers().raised().isEmpty()
                ? ""
                : ", " + decisions.triggers().raised().size() + " trigger(s) raised")
            + readWarning.map(w -> "; " + w).orElse("")
            + in.skipped().stream().map(x -> "; " + x.line()).collect(Collectors.joining()),
        decisions,
        in.skipped().stream().map(NightlySources.Skipped::line).toList());
  }

  /** The active spec of each model of the run. */
  private static Map<String, MonitorSpec> specs(NightlySources in) {
    Map<String, MonitorSpec> specs = new LinkedHashMap<>();
    in.scans().forEach(scan -> scan.specs().forEach(s -> specs.put(s.modelId().value(), s)));
    return specs;
  }

  /** A scan's input to the profiling job, announced by a progress line. Driver only. */
  private static WindowInputs.ScanInput scanInput(
      StewardContext ctx,
      TimeWindow window,
      ScanPlan p,
      int index,
      int count,
      NightlySources in,
      LabelSources sources,
      long futureAfter,
      ProfileColumns values,
      List<ModelRules> rules) {
    LogScan scan = p.scan();
    Map<String, ModelBaseline> modelBaselines = new LinkedHashMap<>();
    for (String m : scan.models()) {
      modelBaselines.put(m, in.baselines().get(m).baseline());
    }
    ctx.progress(
        "nightly "
            + window
            + ": "
            + scan.key().table()
            + " for "
            + String.join(", ", scan.models())
            + " ("
            + p.plan().days().size()
            + " day and "
            + p.plan().weeks().size()
            + " week window(s)"
            + relabelled(p, window)
            + "), table "
            + (index + 1)
            + " of "
            + count);
    return WindowInputs.input(
        scan.rows(),
        scan.key().timestamp(),
        scan.key().modelIdColumn(),
        scan.key().modelVersion(),
        scan.specs(),
        modelBaselines,
        p.labelSources(sources),
        futureAfter,
        in.shadows(),
        p.plan(),
        values,
        rules,
        index);
  }

  /**
   * Runs the profiling job. The per-window profiles are small (figures and histograms, never rows):
   * collected once, they feed every results table without touching the log again.
   */
  private static Profiles profile(
      StewardContext ctx, TimeWindow window, WindowInputs.Profiled profiled) {
    ScanProgress progress =
        ScanProgress.start(
            ctx.spark().sparkContext(), "nightly " + window + ": scan", ctx::progress);
    List<Row> rows;
    try {
      rows = profiled.profiles().collectAsList();
    } finally {
      progress.close();
    }
    List<Row> windows = new ArrayList<>();
    List<Row> pairs = new ArrayList<>();
    for (Row r : rows) {
      (WindowScan.PAIRS.equals(r.getAs(WindowScan.MODEL_VERSION)) ? pairs : windows).add(r);
    }
    return new Profiles(
        windows, pairs, profiled.profiles().schema(), profiled.input(), progress.rowsRead());
  }

  /** A log table's job_runs inputs: its rows and scans, and its late-label lookups' scans. */
  private static List<JobRun.Input> logInputs(ScanPlan p, Profiles profiles) {
    LogScan scan = p.scan();
    Set<String> ids = new HashSet<>(scan.models());
    long rows = 0;
    for (Row r : profiles.rows()) {
      if (Granularity.DAY.name().equals(r.getAs(WindowInputs.GRANULARITY))
          && ids.contains(r.<String>getAs(WindowInputs.MODEL_ID))) {
        rows += r.<Row>getAs(WindowInputs.PROFILE).<Long>getAs("row_count");
      }
    }
    List<JobRun.Input> inputs = new ArrayList<>();
    inputs.add(
        new JobRun.Input(
            scan.key().table(),
            scan.version(),
            rows,
            ScanCounter.count(profiles.input(), p.roots()),
            "predictions"));
    scan.shadowTables()
        .forEach(
            (table, read) ->
                inputs.add(
                    new JobRun.Input(
                        table,
                        read.version(),
                        null,
                        ScanCounter.count(profiles.input(), ScanCounter.roots(read.rows())),
                        "shadow predictions")));
    if (p.lookupScans() > 0) {
      inputs.add(
          new JobRun.Input(
              scan.key().table(), scan.version(), null, p.lookupScans(), "label lookup"));
    }
    return inputs;
  }

  /** The run's one-line summary for job_runs. */
  private static String message(
      TimeWindow window,
      List<String> models,
      long rowsRead,
      List<ModelNight> nights,
      WindowResults results,
      List<JobRun.Rejected> rejected) {
    return rowsRead == 0
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
  }

  /** " in 1.2 s": the time since {@code since} (System.nanoTime()). */
  private static String took(long since) {
    return String.format(Locale.ROOT, " in %.1f s", (System.nanoTime() - since) / 1e9);
  }

  private static String relabelled(ScanPlan p, TimeWindow window) {
    long n = p.relabelled(window);
    return n == 0 ? "" : ", " + n + " night(s) relabelled";
  }
}
