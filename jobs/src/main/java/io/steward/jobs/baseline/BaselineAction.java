package io.steward.jobs.baseline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;

import io.steward.common.domain.FeatureType;
import io.steward.common.errors.Errors;
import io.steward.common.metrics.drift.CategoryRanking;
import io.steward.common.metrics.drift.DecileEdges;
import io.steward.common.metrics.drift.FeatureBaseline;
import io.steward.common.metrics.drift.ModelBaseline;
import io.steward.common.spec.MonitorSpec;
import io.steward.jobs.ColumnValues;
import io.steward.jobs.StewardContext;
import io.steward.jobs.monitor.SpecSchemaCheck;
import io.steward.jobs.registry.ConfigurationChanges;
import io.steward.jobs.registry.Governance;
import io.steward.jobs.results.WindowProfiler;
import io.steward.jobs.scan.ModelColumns;
import io.steward.jobs.scan.ModelRules;
import io.steward.jobs.scan.ProfileColumns;
import io.steward.jobs.scan.WindowScan;
import io.steward.registry.store.BaselineStore;
import io.steward.registry.store.MonitorStore;
import io.steward.registry.store.SourceTables;
import io.steward.registry.warehouse.Migrations;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Builds a model's baseline from its training snapshot at the pinned Delta version (the latest when
 * the spec pins none, recorded). Two scans of the snapshot on the executors: one for the exact
 * decile edges, min, max and category frequencies; one that bins the snapshot with the very code
 * the nightly run uses, for the reference proportions. The driver receives only per-feature
 * statistics (at most {@link #KNOWN_CATEGORY_LIMIT} categories per feature).
 */
public final class BaselineAction {
  private BaselineAction() {}

  /**
   * Categories kept per feature to tell "never seen in the baseline" apart; above this, the
   * new-category rate of that feature is not computed (reported as null).
   */
  public static final int KNOWN_CATEGORY_LIMIT = 10_000;

  public static ModelBaseline run(StewardContext ctx, String modelId) {
    Migrations.requireCurrent(ctx.spark(), ctx.warehouse());
    Map<String, MonitorStore.Registered> monitors =
        MonitorStore.active(ctx.spark(), ctx.warehouse());
    MonitorStore.Registered registered = monitors.get(modelId);
    if (registered == null) {
      throw Errors.unknownModel(modelId, monitors.keySet());
    }
    Governance g = ConfigurationChanges.mayBuildBaseline(ctx, modelId);
    MonitorSpec spec = registered.spec();
    MonitorSpec.Baseline b = spec.baseline();
    SourceTables.Read read = SourceTables.readPinned(ctx.spark(), b.table(), b.version());
    long version = read.version();
    Dataset<Row> snapshot = read.rows();
    SpecSchemaCheck.checkBaseline(spec, snapshot.schema());
    ctx.progress(
        "baseline "
            + modelId
            + ": profiling "
            + b.table()
            + " at Delta version "
            + version
            + (b.version() == null ? " (latest; recorded)" : " (pinned)"));

    Map<String, Column> numeric = ModelColumns.numeric(spec, true);
    Map<String, Column> categorical = ModelColumns.categorical(spec);
    Map<String, Row> deciles = new HashMap<>();
    if (!numeric.isEmpty()) {
      for (Row r : SnapshotStatistics.numericDeciles(snapshot, numeric).collectAsList()) {
        deciles.put(r.getString(0), r);
      }
    }
    Map<String, Map<String, Long>> categoryCounts = new HashMap<>();
    Map<String, Long> distinctCategories = new HashMap<>();
    if (!categorical.isEmpty()) {
      Dataset<Row> counts =
          SnapshotStatistics.categoryCounts(snapshot, categorical)
              .withColumn("distinct", count(lit(1)).over(Window.partitionBy(col("feature"))))
              .withColumn(
                  "rank",
                  row_number()
                      .over(
                          Window.partitionBy(col("feature"))
                              .orderBy(col("cnt").desc(), col("category").asc())))
              .where(
                  col("rank")
                      .leq(CategoryRanking.TOP)
                      .or(col("distinct").leq(KNOWN_CATEGORY_LIMIT)));
      for (Row r : counts.collectAsList()) {
        String feature = r.getAs("feature");
        categoryCounts
            .computeIfAbsent(feature, k -> new LinkedHashMap<>())
            .put(r.getAs("category"), r.getAs("cnt"));
        distinctCategories.put(feature, r.getAs("distinct"));
      }
    }

    List<FeatureBaseline> features = new ArrayList<>();
    for (String f : numeric.keySet()) {
      Row d = deciles.get(f);
      features.add(
          d == null
              ? new FeatureBaseline(
                  f, FeatureType.NUMERIC, List.of(), null, null, null, null, null, 0)
              : new FeatureBaseline(
                  f,
                  FeatureType.NUMERIC,
                  DecileEdges.edges(d.getList(1)),
                  null,
                  null,
                  d.getDouble(2),
                  d.getDouble(3),
                  null,
                  d.getLong(4)));
    }
    for (String f : categorical.keySet()) {
      Map<String, Long> c = categoryCounts.getOrDefault(f, Map.of());
      long distinct = distinctCategories.getOrDefault(f, 0L);
      List<String> known =
          distinct <= KNOWN_CATEGORY_LIMIT
              ? c.keySet().stream().sorted(CategoryRanking.CODE_POINT_ORDER).toList()
              : null;
      long nonMissing = c.values().stream().mapToLong(Long::longValue).sum();
      features.add(
          new FeatureBaseline(
              f,
              FeatureType.CATEGORICAL,
              null,
              CategoryRanking.top(c),
              known,
              null,
              null,
              null,
              distinct <= KNOWN_CATEGORY_LIMIT ? nonMissing : -1));
    }

    ModelBaseline binsOnly =
        new ModelBaseline(
            UUID.randomUUID().toString(),
            modelId,
            null,
            b.table().sql(),
            version,
            0,
            Instant.now(),
            features);
    Profiled profiled = withProportions(snapshot, binsOnly, spec);
    BaselineStore.save(
        ctx.spark(),
        ctx.warehouse(),
        registered.specSha256(),
        profiled.baseline(),
        profiled.performance(),
        ctx.user());
    // The rows first, then the event: a baseline is large (every known category), too large to
    // travel inside its event. A run cut between the two leaves a baseline whose event is missing.
    ConfigurationChanges.baselineBuilt(
        g,
        modelId,
        profiled.baseline().baselineId(),
        b.table().sql() + "@" + version,
        registered.specSha256());
    return profiled.baseline();
  }

  private record Profiled(ModelBaseline baseline, Map<String, Double> performance) {}

  /**
   * Bins the snapshot with the nightly code and turns the counts into proportions; in the same
   * pass, computes the snapshot's performance from its label and score, when the spec names them.
   */
  private static Profiled withProportions(
      Dataset<Row> snapshot, ModelBaseline bins, MonitorSpec spec) {
    Map<String, Column> columns = ModelColumns.all(spec, true);
    MonitorSpec.Baseline b = spec.baseline();
    ProfileColumns values = new ProfileColumns();
    ModelRules.Columns positions = values.add(0, bins, columns::get, List.of());
    ModelRules full = ModelRules.of(spec, bins, Long.MAX_VALUE, positions, null);
    ModelRules rules =
        new ModelRules(
            bins.modelId(),
            spec.problemType(),
            spec.decisionThreshold(),
            full.favorable(),
            List.of(),
            List.of(),
            List.of(),
            spec.minGroupSize(),
            Set.of(),
            null,
            b.label() != null && b.score() != null,
            b.score() != null,
            false,
            false,
            false,
            false,
            false,
            full.numeric(),
            full.categorical(),
            positions,
            false,
            Long.MAX_VALUE,
            null,
            false);
    Column nullDouble = lit(null).cast("double");
    Map<String, Column> fixed = new LinkedHashMap<>();
    fixed.put("model", lit(0));
    fixed.put("version", lit(null).cast("string"));
    fixed.put("day_us", lit(0L));
    fixed.put("week_us", lit(null).cast("long"));
    fixed.put("ts_us", lit(0L));
    fixed.put("id_hash", lit(0L));
    fixed.put(
        "score",
        b.score() == null
            ? nullDouble
            : ColumnValues.toDouble(col(b.score()), snapshot.schema().apply(b.score()).dataType()));
    fixed.put("prediction", nullDouble);
    fixed.put("prediction_present", lit(false));
    fixed.put(
        "label",
        b.label() == null
            ? nullDouble
            : ColumnValues.toDouble(col(b.label()), snapshot.schema().apply(b.label()).dataType()));
    fixed.put("label_present", b.label() == null ? lit(false) : col(b.label()).isNotNull());
    fixed.put("label_ts_us", lit(null).cast("long"));
    fixed.put("latency", nullDouble);
    fixed.put("status", lit(null).cast("string"));
    fixed.put("source", lit(null).cast("string"));
    fixed.put("label_copies", lit(null).cast("long"));
    List<Row> profiles =
        WindowScan.profile(values.select(snapshot, fixed, 0), values.layout(), List.of(rules))
            .collectAsList();
    Row profile =
        profiles.isEmpty()
            ? WindowProfiler.empty(rules)
            : profiles.get(0).getStruct(profiles.get(0).fieldIndex(WindowScan.PROFILE));
    long rows = profile.getLong(profile.fieldIndex("row_count"));
    List<Long> counts = profile.getList(profile.fieldIndex("counts"));
    List<FeatureBaseline> features = new ArrayList<>();
    for (int i = 0; i < bins.features().size(); i++) {
      FeatureBaseline f = bins.features().get(i);
      int offset = bins.slotOffset(i);
      long nonMissing = 0;
      for (int s = 0; s < f.binCount(); s++) {
        nonMissing += slot(counts, offset + s);
      }
      List<Double> expected = new ArrayList<>();
      for (int s = 0; s < f.binCount(); s++) {
        expected.add(nonMissing == 0 ? 0.0 : slot(counts, offset + s) / (double) nonMissing);
      }
      features.add(f.withProportions(expected, nonMissing));
    }
    Map<String, Double> performance = new LinkedHashMap<>();
    for (Row p : profile.<Row>getList(profile.fieldIndex("performance"))) {
      if (p.isNullAt(p.fieldIndex("slice_column")) && !p.isNullAt(p.fieldIndex("value"))) {
        performance.put(p.getAs("metric"), p.getAs("value"));
      }
    }
    return new Profiled(bins.withCounts(rows, features), performance);
  }

  private static long slot(List<Long> counts, int index) {
    return index < counts.size() ? counts.get(index) : 0L;
  }
}
