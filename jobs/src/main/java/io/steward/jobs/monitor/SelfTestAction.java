package io.steward.jobs.monitor;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.unix_seconds;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.steward.common.decisions.Evaluation;
import io.steward.common.decisions.RuleEvaluator;
import io.steward.common.decisions.Thresholds;
import io.steward.common.domain.RiskTier;
import io.steward.common.domain.TimeWindow;
import io.steward.common.errors.Errors;
import io.steward.common.lifecycle.GatePolicyParser;
import io.steward.common.metrics.drift.ModelBaseline;
import io.steward.common.selftest.Injection;
import io.steward.common.selftest.SelfTestPlan;
import io.steward.common.selftest.SelfTestVerdict;
import io.steward.common.spec.MonitorSpec;
import io.steward.jobs.StewardContext;
import io.steward.jobs.decisions.DecisionsAction;
import io.steward.jobs.decisions.Observations;
import io.steward.jobs.nightly.WindowPlan;
import io.steward.jobs.results.WindowResults;
import io.steward.jobs.scan.ModelRules;
import io.steward.jobs.scan.ProfileColumns;
import io.steward.jobs.scan.WindowInputs;
import io.steward.registry.store.BaselineStore;
import io.steward.registry.store.MonitorStore;
import io.steward.registry.store.Registry;
import io.steward.registry.store.RegistryRecords;
import io.steward.registry.store.ResultsStore;
import io.steward.registry.store.RuleRows;
import io.steward.registry.store.SourceTables;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.storage.StorageLevel;

/**
 * The alert self-test of one model: a sample of its own log in the week to a night (or, with no
 * traffic yet, of its baseline snapshot) is copied in memory once per case of {@link SelfTestPlan},
 * each copy with its known shift and its own version name; the copies go through the nightly run's
 * scan, figures and rule evaluation together, and {@link SelfTestVerdict} checks that each rule
 * fired on its case and the control raised nothing. Nothing is written to any table here.
 */
public final class SelfTestAction {
  private SelfTestAction() {}

  /** The nights of traffic, ending on the night asked for, the sample is taken from. */
  static final int SAMPLE_NIGHTS = 7;

  /** The version column the cases' rows carry through the scan. */
  static final String CASE = "__steward_selftest_case";

  /**
   * @param night the night sampled
   * @param source where the sample came from: "log" or "baseline snapshot"
   * @param sampled rows in the sample (each case holds as many)
   * @param registered whether the model is in the registry (then the result is recorded)
   */
  public record Result(
      String modelId,
      LocalDate night,
      String source,
      long sampled,
      SelfTestVerdict verdict,
      boolean registered) {}

  /**
   * @param night the night to sample; null for the latest night the nightly computed for the model
   *     (or, before its first, the latest night of its log)
   * @param sample the most rows taken from the night
   */
  public static Result run(StewardContext ctx, String modelId, LocalDate night, int sample) {
    Map<String, MonitorStore.Registered> monitors =
        MonitorStore.active(ctx.spark(), ctx.warehouse());
    MonitorStore.Registered registered = monitors.get(modelId);
    if (registered == null) {
      throw Errors.unknownModel(modelId, monitors.keySet());
    }
    MonitorSpec spec = registered.spec();
    BaselineStore.Stored stored =
        BaselineStore.load(ctx.spark(), ctx.warehouse(), List.of(modelId)).get(modelId);
    if (stored == null) {
      throw Errors.noBaseline(modelId);
    }
    ModelBaseline baseline = stored.baseline();
    Registry registry = new Registry(ctx.spark(), ctx.warehouse());
    RegistryRecords.Model model = registry.models().get(modelId);
    RiskTier tier =
        model == null ? DecisionsAction.UNREGISTERED_TIER : RiskTier.parse(model.riskTier());
    Thresholds thresholds =
        GatePolicyParser.parse("in steward.policies", registry.policyYaml())
            .thresholds()
            .resolve(tier, spec.thresholds(), "of model " + modelId);
    List<Injection> plan = SelfTestPlan.plan(spec, baseline, thresholds);

    MonitorSpec.Predictions p = spec.predictions();
    Dataset<Row> log = SourceTables.readLatest(ctx.spark(), p.table()).rows();
    SpecSchemaCheck.checkPredictions(spec, log.schema());
    if (p.modelIdColumn() != null) {
      log = log.where(col(p.modelIdColumn()).cast("string").equalTo(modelId));
    }
    Column ts = col(p.timestamp()).cast("timestamp");
    if (night == null) {
      night = RuleRows.latestNight(ctx.spark(), ctx.warehouse(), modelId);
    }
    if (night == null) {
      Row latest = log.agg(max(ts)).first();
      night =
          latest.isNullAt(0)
              ? LocalDate.now(ZoneOffset.UTC).minusDays(1)
              : latest.getTimestamp(0).toInstant().atZone(ZoneOffset.UTC).toLocalDate();
    }
    Instant start = WindowPlan.start(night);
    // The recent traffic: up to `sample` rows of the nights of the week ending on `night`, moved to
    // that night at their time of day so that they make one night's window, as the nightly sees it.
    Instant from = start.minus(SAMPLE_NIGHTS - 1L, ChronoUnit.DAYS);
    DataType tsType = log.schema().apply(p.timestamp()).dataType();
    Dataset<Row> rows =
        log.where(
                ts.geq(lit(java.sql.Timestamp.from(from)))
                    .and(ts.lt(lit(java.sql.Timestamp.from(start.plus(1, ChronoUnit.DAYS))))))
            .limit(sample)
            .withColumn(
                p.timestamp(),
                timestamp_seconds(
                        lit(start.getEpochSecond()).plus(pmod(unix_seconds(ts), lit(86_400L))))
                    .cast(tsType))
            .persist(StorageLevel.MEMORY_AND_DISK());
    String source = "log";
    try {
      long sampled = rows.count();
      if (sampled == 0) {
        rows.unpersist();
        rows = fromSnapshot(ctx, spec, baseline, log, start, sample);
        source = "baseline snapshot";
        sampled = rows.count();
      }
      if (sampled == 0) {
        throw Errors.nothingToSelfTest(modelId, night);
      }
      ctx.progress(
          "selftest "
              + modelId
              + ": "
              + sampled
              + " row(s) of "
              + (source.equals("log")
                  ? "the log in the " + SAMPLE_NIGHTS + " nights to " + night
                  : "the baseline snapshot")
              + ", "
              + plan.stream().filter(Injection::applicable).count()
              + " case(s) with the control");
      Dataset<Row> cases = null;
      for (Injection i : plan) {
        if (!i.applicable()) {
          continue;
        }
        Dataset<Row> c = inject(rows, i, spec).withColumn(CASE, lit(i.testCase().version()));
        cases = cases == null ? c : cases.unionByName(c);
      }
      List<Evaluation> evaluations = evaluate(ctx, spec, stored, cases, night, thresholds);
      SelfTestVerdict verdict = SelfTestVerdict.judge(plan, thresholds, evaluations);
      return new Result(modelId, night, source, sampled, verdict, model != null);
    } finally {
      rows.unpersist();
    }
  }

  /** The cases' rows through the nightly scan, figures and rules, judged in memory. */
  private static List<Evaluation> evaluate(
      StewardContext ctx,
      MonitorSpec spec,
      BaselineStore.Stored stored,
      Dataset<Row> cases,
      LocalDate night,
      Thresholds thresholds) {
    String modelId = spec.modelId().value();
    MonitorSpec.Predictions p = spec.predictions();
    WindowPlan plan = new WindowPlan(new TreeSet<>(List.of(night)), new TreeSet<>());
    ProfileColumns values = new ProfileColumns();
    List<ModelRules> rules = new ArrayList<>();
    long now = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    WindowInputs.ScanInput input =
        WindowInputs.input(
            cases,
            p.timestamp(),
            p.modelIdColumn(),
            CASE,
            List.of(spec),
            Map.of(modelId, stored.baseline()),
            Map.of(),
            now,
            Map.of(),
            plan,
            values,
            rules,
            0);
    Dataset<Row> profiles = WindowInputs.profile(List.of(input), values, rules).profiles();
    // A few rows per case: the figures, never the sample's rows.
    List<Row> collected = profiles.collectAsList();
    Dataset<Row> profiled = ctx.spark().createDataFrame(collected, profiles.schema());
    ResultsStore.RunResults results =
        WindowResults.figures(
            ctx,
            profiled,
            null,
            Map.of(modelId, stored),
            List.of(new WindowResults.Planned(spec, plan, TimeWindow.night(night))),
            List.of(modelId));
    List<Evaluation> out = new ArrayList<>();
    for (RuleRows.Figure f :
        RuleRows.day(ctx.spark(), ResultsStore.stamped(results, "selftest"), List.of(modelId))) {
      if (f.modelVersion() == null || !f.modelVersion().startsWith("selftest:")) {
        continue;
      }
      Observations.of(f).forEach(o -> out.add(RuleEvaluator.evaluate(o, thresholds)));
    }
    return out;
  }

  /** The sample with one case's shift injected. */
  static Dataset<Row> inject(Dataset<Row> rows, Injection i, MonitorSpec spec) {
    String c = i.column();
    MonitorSpec.Predictions p = spec.predictions();
    return switch (i.testCase()) {
      case CONTROL -> rows;
      case FEATURE_SHIFT, OUT_OF_RANGE, LATENCY_SPIKE, NEW_CATEGORY, ERROR_SPIKE ->
          rows.withColumn(c, lit(i.value()).cast(rows.schema().apply(c).dataType()));
      case SCORE_SHIFT ->
          rows.withColumn(
              p.score(), lit(i.value()).cast(rows.schema().apply(p.score()).dataType()));
      case MISSING_SPIKE -> rows.withColumn(c, lit(null).cast(rows.schema().apply(c).dataType()));
      case GROUP_DISPARITY -> {
        // Half the rows (by the hash of their id) in a group always decided favourably, the other
        // half in a group never.
        Column favoured = pmod(xxhash64(col(p.predictionId()).cast("string")), lit(2)).equalTo(0);
        double fav = ModelRules.favorableClass(spec);
        Dataset<Row> out =
            rows.withColumn(
                c,
                when(favoured, lit(SelfTestPlan.FAVOURED))
                    .otherwise(lit(SelfTestPlan.REFUSED))
                    .cast(rows.schema().apply(c).dataType()));
        if (p.score() != null) {
          out =
              out.withColumn(
                  p.score(),
                  when(favoured, lit(fav))
                      .otherwise(lit(1 - fav))
                      .cast(rows.schema().apply(p.score()).dataType()));
        }
        if (p.prediction() != null) {
          out =
              out.withColumn(
                  p.prediction(),
                  when(favoured, lit(fav))
                      .otherwise(lit(1 - fav))
                      .cast(rows.schema().apply(p.prediction()).dataType()));
        }
        yield out;
      }
    };
  }

  /**
   * A model with no traffic yet: its baseline snapshot at the pinned version, laid out as its log
   * (the log's columns the snapshot lacks are null; timestamps spread over the night, ids made up).
   */
  private static Dataset<Row> fromSnapshot(
      StewardContext ctx,
      MonitorSpec spec,
      ModelBaseline baseline,
      Dataset<Row> log,
      Instant night,
      int sample) {
    Dataset<Row> snap =
        SourceTables.readAt(ctx.spark(), spec.baseline().table(), baseline.snapshotVersion())
            .limit(sample);
    MonitorSpec.Predictions p = spec.predictions();
    List<Column> columns = new ArrayList<>();
    Column n = monotonically_increasing_id();
    for (org.apache.spark.sql.types.StructField f : log.schema().fields()) {
      String name = f.name();
      Column value;
      if (name.equals(p.timestamp())) {
        value = timestamp_seconds(lit(night.getEpochSecond()).plus(pmod(n, lit(86_400L))));
      } else if (name.equals(p.predictionId())) {
        value = org.apache.spark.sql.functions.concat(lit("selftest-"), n.cast("string"));
      } else if (name.equals(p.modelIdColumn())) {
        value = lit(spec.modelId().value());
      } else if (p.score() != null && name.equals(p.score()) && spec.baseline().score() != null) {
        value = col(spec.baseline().score());
      } else if (java.util.Arrays.asList(snap.schema().fieldNames()).contains(name)) {
        value = col(name);
      } else {
        value = lit(null);
      }
      columns.add(value.cast(f.dataType()).as(name));
    }
    return snap.select(columns.toArray(Column[]::new)).persist(StorageLevel.MEMORY_AND_DISK());
  }
}
