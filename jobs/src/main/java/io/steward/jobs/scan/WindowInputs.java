package io.steward.jobs.scan;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.steward.common.metrics.drift.ModelBaseline;
import io.steward.common.spec.MonitorSpec;
import io.steward.jobs.ColumnValues;
import io.steward.jobs.labels.LabelJoin;
import io.steward.jobs.labels.LabelSource;
import io.steward.jobs.nightly.WindowPlan;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Builds the nightly run's single aggregation over one log table: the rows of the plan's windows,
 * joined to their late labels, each given its DAY window (and WEEK window when a week closes),
 * turned into the profile's input columns ({@link ProfileColumns}) and profiled by model, version,
 * granularity and window ({@link WindowScan}). Nothing runs here but the planning (and any label
 * broadcast it needs); the caller decides when Spark executes the scan.
 */
public final class WindowInputs {
  private WindowInputs() {}

  public static final String MODEL_ID = WindowScan.MODEL_ID;
  public static final String MODEL_VERSION = WindowScan.MODEL_VERSION;
  public static final String GRANULARITY = WindowScan.GRANULARITY;
  public static final String WINDOW_START = WindowScan.WINDOW_START;
  public static final String PROFILE = WindowScan.PROFILE;

  /**
   * The run's profiles, and the input rows they are computed from (whose executed plan shows the
   * scans of each log the profiles cost).
   */
  public record Profiled(Dataset<Row> profiles, Dataset<Row> input) {}

  /**
   * Profiles the inputs of every scan of the run ({@link #input}) in one job.
   *
   * @return the profiles: model_id, model_version, granularity, window_start, profile (see {@link
   *     WindowScan#OUTPUT})
   */
  public static Profiled profile(
      List<ScanInput> inputs, ProfileColumns values, List<ModelRules> rules) {
    Dataset<Row> all = null;
    for (ScanInput in : inputs) {
      Dataset<Row> rows = values.select(in.rows(), in.fixed(), in.scan());
      all = all == null ? rows : all.union(rows);
    }
    return new Profiled(WindowScan.profile(all, values.layout(), rules), all);
  }

  /**
   * A scan's rows and its fixed profile fields; the value columns are selected once every scan of
   * the run has added its own ({@link ProfileColumns#select}).
   */
  public record ScanInput(Dataset<Row> rows, Map<String, Column> fixed, int scan) {}

  /**
   * One log table's rows for the profile. Adds the table's models to {@code rules} (a row's model
   * field is its model's position there) and their value columns to {@code values}.
   *
   * @param log the log table at the run's version
   * @param modelIdColumn the column telling models apart, or null when the table has one model
   * @param labels each labelled model's labels, by model id
   * @param futureAfterMicros rows stamped later than this (the run's start) are future rows
   * @param shadows the settled shadow-mode rules of the models in shadow mode, by model id
   * @param scan the scan's number in the run
   */
  public static ScanInput input(
      Dataset<Row> log,
      String timestamp,
      String modelIdColumn,
      String versionColumn,
      List<MonitorSpec> specs,
      Map<String, ModelBaseline> baselines,
      Map<String, LabelSource> labels,
      long futureAfterMicros,
      Map<String, ShadowRules> shadows,
      WindowPlan plan,
      ProfileColumns values,
      List<ModelRules> rules,
      int scan) {
    Column ts = col(timestamp).cast("timestamp");
    // A row without a timestamp (null, or unparseable where it was written) is in no window: it is
    // read too, and counted as timestamp_missing in the run's last night, every run while it stays.
    Long undated =
        plan.days().isEmpty()
            ? null
            : ChronoUnit.MICROS.between(Instant.EPOCH, WindowPlan.start(plan.days().last()));
    Dataset<Row> rows =
        log.where(undated == null ? plan.covers(ts) : plan.covers(ts).or(ts.isNull()));
    Column model =
        modelIdColumn == null
            ? lit(specs.get(0).modelId().value())
            : col(modelIdColumn).cast("string");
    if (modelIdColumn != null) {
      rows = rows.where(model.isin(specs.stream().map(s -> s.modelId().value()).toArray()));
    }
    StructType schema = log.schema();

    Map<JoinKey, Integer> joined = new LinkedHashMap<>();
    for (MonitorSpec s : specs) {
      LabelSource source = labels.get(s.modelId().value());
      if (source == null) {
        continue;
      }
      JoinKey key = labelKey(source, s);
      if (joined.containsKey(key)) {
        continue;
      }
      int k = joined.size();
      joined.put(key, k);
      rows = LabelJoin.join(rows, s.predictions().predictionId(), source, k);
    }

    List<String> ids = specs.stream().map(x -> x.modelId().value()).toList();
    int first = rules.size();
    Column index = lit(first);
    if (ids.size() > 1) {
      index = null;
      for (int i = 0; i < ids.size(); i++) {
        Column m = model.equalTo(lit(ids.get(i)));
        index = index == null ? when(m, lit(first + i)) : index.when(m, lit(first + i));
      }
    }
    // Windows start at UTC midnights and UTC Mondays: found by integer arithmetic on the row's
    // microseconds, not by a time-zone-aware truncation per row.
    Column micros = unix_micros(ts);
    Column day = micros.minus(pmod(micros, lit(WindowPlan.DAY_MICROS)));
    Column week =
        micros.minus(
            pmod(micros.plus(lit(3 * WindowPlan.DAY_MICROS)), lit(7 * WindowPlan.DAY_MICROS)));
    Map<String, Column> fixed = new LinkedHashMap<>();
    fixed.put("model", col("__m"));
    fixed.put(
        "version",
        versionColumn == null ? lit(null).cast("string") : col(versionColumn).cast("string"));
    fixed.put(
        "day_us",
        undated == null
            ? when(WindowPlan.isIn(day, plan.days()), day)
            : when(ts.isNull(), lit(undated)).when(WindowPlan.isIn(day, plan.days()), day));
    fixed.put(
        "week_us",
        plan.weeks().isEmpty()
            ? lit(null).cast("long")
            : when(WindowPlan.isIn(week, plan.weeks()), week));
    for (MonitorSpec s : specs) {
      ModelBaseline b = baselines.get(s.modelId().value());
      List<String> sliceColumns = new ArrayList<>(s.slices().protectedAttributes());
      sliceColumns.addAll(s.slices().other());
      ModelRules.Columns columns =
          values.add(scan, b, ModelColumns.all(s, false)::get, sliceColumns);
      rules.add(ModelRules.of(s, b, futureAfterMicros, columns, shadows.get(s.modelId().value())));
    }
    for (StructField field : ProfileInput.FIXED.fields()) {
      if (fixed.containsKey(field.name())) {
        continue;
      }
      List<Column> byModel = new ArrayList<>();
      for (MonitorSpec s : specs) {
        String m = s.modelId().value();
        Integer k = labels.containsKey(m) ? joined.get(labelKey(labels.get(m), s)) : null;
        byModel.add(input(field.name(), s, k, schema));
      }
      fixed.put(field.name(), choose(col("__m"), first, byModel));
    }
    return new ScanInput(rows.withColumn("__m", index), fixed, scan);
  }

  /** A labels table joined on a log's prediction id column: joined once per scan. */
  private record JoinKey(String labelsTable, String predictionId) {}

  private static JoinKey labelKey(LabelSource source, MonitorSpec s) {
    return new JoinKey(source.table(), s.predictions().predictionId());
  }

  /**
   * The model's expression for an input field, chosen by the row's model index (the scan's models
   * are numbered from {@code first}); models that share the expression (the same column in a shared
   * table) share one branch, so most fields need no choice at all.
   */
  private static Column choose(Column index, int first, List<Column> byModel) {
    String common = byModel.get(0).toString();
    if (byModel.stream().allMatch(c -> c.toString().equals(common))) {
      return byModel.get(0);
    }
    Column c = null;
    for (int i = 0; i < byModel.size(); i++) {
      Column m = index.equalTo(lit(first + i));
      c = c == null ? when(m, byModel.get(i)) : c.when(m, byModel.get(i));
    }
    return c;
  }

  /** One input field of the profiler for one model. {@code k} numbers its joined labels. */
  private static Column input(String field, MonitorSpec s, Integer k, StructType schema) {
    MonitorSpec.Predictions p = s.predictions();
    Column nullDouble = lit(null).cast("double");
    return switch (field) {
      case "ts_us" -> unix_micros(col(p.timestamp()).cast("timestamp"));
      case "id_hash" -> xxhash64(col(p.predictionId()).cast("string"));
      case "score" ->
          p.score() == null
              ? nullDouble
              : ColumnValues.toDouble(col(p.score()), ColumnValues.type(schema, p.score()));
      case "prediction" ->
          p.prediction() == null
              ? nullDouble
              : ColumnValues.toDouble(
                  col(p.prediction()), ColumnValues.type(schema, p.prediction()));
      case "prediction_present" ->
          p.prediction() == null ? lit(false) : col(p.prediction()).isNotNull();
      case "label" -> {
        Column inline =
            p.label() == null
                ? nullDouble
                : ColumnValues.toDouble(col(p.label()), ColumnValues.type(schema, p.label()));
        yield k == null ? inline : when(LabelJoin.hasLabel(k), col("lab_" + k)).otherwise(inline);
      }
      case "label_present" -> {
        Column inline = p.label() == null ? lit(false) : col(p.label()).isNotNull();
        yield k == null ? inline : LabelJoin.hasLabel(k).or(inline);
      }
      case "label_ts_us" ->
          k == null ? lit(null).cast("long") : when(col("lok_" + k), col("lts_" + k));
      case "latency" -> p.latencyMs() == null ? nullDouble : col(p.latencyMs()).cast("double");
      case "status" ->
          p.status() == null ? lit(null).cast("string") : col(p.status()).cast("string");
      case "source" ->
          p.source() == null ? lit(null).cast("string") : col(p.source()).cast("string");
      case "label_copies" ->
          k == null ? lit(null).cast("long") : when(col("lok_" + k), col("copies_" + k));
      default -> throw new IllegalStateException("no input for " + field);
    };
  }
}
