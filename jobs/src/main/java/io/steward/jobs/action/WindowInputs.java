package io.steward.jobs.action;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.steward.common.metrics.drift.ModelBaseline;
import io.steward.common.metrics.window.ModelRules;
import io.steward.common.metrics.window.ProfileInput;
import io.steward.common.metrics.window.WindowScan;
import io.steward.common.spec.MonitorSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Builds the nightly run's single aggregation over one log table: the rows of the plan's windows,
 * joined to their late labels, each given its DAY window (and WEEK window when a week closes),
 * turned into the profile's input columns ({@link ProfileColumns}) and profiled by model, version,
 * granularity and window ({@link WindowScan}). Nothing runs here but the planning (and any label
 * broadcast it needs); the caller decides when Spark executes the scan.
 */
final class WindowInputs {
  private WindowInputs() {}

  static final String MODEL_ID = WindowScan.MODEL_ID;
  static final String MODEL_VERSION = WindowScan.MODEL_VERSION;
  static final String GRANULARITY = WindowScan.GRANULARITY;
  static final String WINDOW_START = WindowScan.WINDOW_START;
  static final String PROFILE = WindowScan.PROFILE;

  /**
   * A labels table to join: its latest label per prediction id ({@link #latestLabels}), and whether
   * it is small enough to send to every task rather than shuffle the log for the join.
   */
  record LabelSource(String table, Dataset<Row> rows, boolean broadcast) {}

  /** Label rows up to this many are broadcast to the scan instead of shuffling the log. */
  static final long BROADCAST_LABELS = 3_000_000L;

  /**
   * The labels a run joins: for each (scan, labels table) source, the latest label of each
   * prediction id ({@link #latestLabels}). All sources are computed in one job and kept (a local
   * checkpoint on disk), so that counting them (to choose between a broadcast and a shuffle) and
   * joining them read each labels table once.
   */
  static final class LabelSources {
    private final Map<String, Integer> keys = new LinkedHashMap<>();
    private final List<String> tables = new ArrayList<>();
    private final List<Dataset<Row>> latest = new ArrayList<>();
    private final List<LabelSource> prepared = new ArrayList<>();

    /**
     * Registers a source (once per key) and returns its number for {@link #get}.
     *
     * @param earliest the first window's start (see {@link #latestLabels})
     */
    int add(
        String key,
        String table,
        Dataset<Row> rows,
        MonitorSpec.Labels labels,
        java.time.Instant earliest) {
      return keys.computeIfAbsent(
          key,
          k -> {
            tables.add(table);
            latest.add(latestLabels(rows, labels, earliest));
            return latest.size() - 1;
          });
    }

    /**
     * Computes and keeps every source's latest labels, and counts them. Runs one job over the
     * labels tables and one small count.
     *
     * @return the query that read the labels tables (for counting its scans), or null when there
     *     are no sources
     */
    Dataset<Row> prepare() {
      if (latest.isEmpty()) {
        return null;
      }
      Dataset<Row> all = null;
      for (int j = 0; j < latest.size(); j++) {
        Dataset<Row> d = latest.get(j).withColumn("src", lit(j));
        all = all == null ? d : all.unionByName(d);
      }
      // Kept on local disk, not in the heap, so that the driver's memory does not grow with them.
      Dataset<Row> kept = all.localCheckpoint(true, StorageLevel.DISK_ONLY());
      Map<Integer, Long> counts = new LinkedHashMap<>();
      for (Row r : kept.groupBy("src").count().collectAsList()) {
        counts.put(r.getInt(0), r.getLong(1));
      }
      for (int j = 0; j < latest.size(); j++) {
        prepared.add(
            new LabelSource(
                tables.get(j),
                kept.where(col("src").equalTo(j)).drop("src"),
                counts.getOrDefault(j, 0L) <= BROADCAST_LABELS));
      }
      return all;
    }

    /** A prepared source. */
    LabelSource get(int source) {
      return prepared.get(source);
    }
  }

  /**
   * The latest label of each prediction id (by the label timestamp when the spec declares one, else
   * the largest value), with the number of rows the id had: pid, lraw (text), lts, copies. With a
   * label timestamp, labels stamped before {@code earliest} (the first window's start) are left
   * out: they cannot be labels of the windows' predictions.
   */
  static Dataset<Row> latestLabels(
      Dataset<Row> table, MonitorSpec.Labels l, java.time.Instant earliest) {
    Column labelTime = l.timestamp() == null ? lit(null).cast("timestamp") : col(l.timestamp());
    Dataset<Row> rows =
        table.select(
            col(l.predictionId()).cast("string").as("pid"),
            col(l.label()).cast("string").as("lraw"),
            labelTime.cast("timestamp").as("lts"));
    rows = rows.where(col("pid").isNotNull());
    if (l.timestamp() != null) {
      rows = rows.where(col("lts").geq(lit(java.sql.Timestamp.from(earliest))));
    }
    return rows.groupBy("pid")
        .agg(
            (l.timestamp() == null ? max(col("lraw")) : max_by(col("lraw"), col("lts"))).as("lraw"),
            max(col("lts")).as("lts"),
            count(lit(1)).as("copies"));
  }

  /**
   * The run's profiles, and the input rows they are computed from (whose executed plan shows the
   * scans of each log the profiles cost).
   */
  record Profiled(Dataset<Row> profiles, Dataset<Row> input) {}

  /**
   * Profiles the inputs of every scan of the run ({@link #input}) in one job.
   *
   * @return the profiles: model_id, model_version, granularity, window_start, profile (see {@link
   *     WindowScan#OUTPUT})
   */
  static Profiled profile(List<ScanInput> inputs, ProfileColumns values, List<ModelRules> rules) {
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
  record ScanInput(Dataset<Row> rows, Map<String, Column> fixed, int scan) {}

  /**
   * One log table's rows for the profile. Adds the table's models to {@code rules} (a row's model
   * field is its model's position there) and their value columns to {@code values}.
   *
   * @param log the log table at the run's version
   * @param modelIdColumn the column telling models apart, or null when the table has one model
   * @param labels each labelled model's labels, by model id
   * @param futureAfterMicros rows stamped later than this (the run's start) are future rows
   * @param scan the scan's number in the run
   */
  static ScanInput input(
      Dataset<Row> log,
      String timestamp,
      String modelIdColumn,
      String versionColumn,
      List<MonitorSpec> specs,
      Map<String, ModelBaseline> baselines,
      Map<String, LabelSource> labels,
      long futureAfterMicros,
      WindowPlan plan,
      ProfileColumns values,
      List<ModelRules> rules,
      int scan) {
    Column ts = col(timestamp).cast("timestamp");
    Dataset<Row> rows = log.where(plan.covers(ts));
    Column model =
        modelIdColumn == null
            ? lit(specs.get(0).modelId().value())
            : col(modelIdColumn).cast("string");
    if (modelIdColumn != null) {
      rows = rows.where(model.isin(specs.stream().map(s -> s.modelId().value()).toArray()));
    }
    StructType schema = log.schema();

    Map<String, Integer> joined = new LinkedHashMap<>();
    for (MonitorSpec s : specs) {
      LabelSource source = labels.get(s.modelId().value());
      if (source == null) {
        continue;
      }
      String key = labelKey(source, s);
      if (joined.containsKey(key)) {
        continue;
      }
      int k = joined.size();
      joined.put(key, k);
      Dataset<Row> latest =
          source
              .rows()
              .select(
                  col("pid").as("pid_" + k),
                  col("lraw").as("lraw_" + k),
                  col("lts").as("lts_" + k),
                  col("copies").as("copies_" + k));
      if (source.broadcast()) {
        latest = broadcast(latest);
      }
      rows =
          rows.join(
                  latest,
                  col(s.predictions().predictionId()).cast("string").equalTo(col("pid_" + k)),
                  "left")
              .drop("pid_" + k);
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
    Column day = date_trunc("DAY", ts);
    Column week = date_trunc("WEEK", ts);
    Map<String, Column> fixed = new LinkedHashMap<>();
    fixed.put("model", col("__m"));
    fixed.put(
        "version",
        versionColumn == null ? lit(null).cast("string") : col(versionColumn).cast("string"));
    fixed.put("day_us", when(WindowPlan.isIn(day, plan.days()), unix_micros(day)));
    fixed.put(
        "week_us",
        plan.weeks().isEmpty()
            ? lit(null).cast("long")
            : when(WindowPlan.isIn(week, plan.weeks()), unix_micros(week)));
    for (MonitorSpec s : specs) {
      ModelBaseline b = baselines.get(s.modelId().value());
      List<String> sliceColumns = new ArrayList<>(s.slices().protectedAttributes());
      sliceColumns.addAll(s.slices().other());
      ModelRules.Columns columns =
          values.add(scan, b, ModelColumns.all(s, false)::get, sliceColumns);
      rules.add(ModelRules.of(s, b, futureAfterMicros, columns));
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

  private static String labelKey(LabelSource source, MonitorSpec s) {
    return source.table() + "\u0000" + s.predictions().predictionId();
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
          p.score() == null ? nullDouble : toDouble(col(p.score()), type(schema, p.score()));
      case "prediction" ->
          p.prediction() == null
              ? nullDouble
              : toDouble(col(p.prediction()), type(schema, p.prediction()));
      case "prediction_present" ->
          p.prediction() == null ? lit(false) : col(p.prediction()).isNotNull();
      case "label" -> {
        Column inline =
            p.label() == null ? nullDouble : toDouble(col(p.label()), type(schema, p.label()));
        yield k == null
            ? inline
            : when(col("lraw_" + k).isNotNull(), toDouble(col("lraw_" + k), null))
                .otherwise(inline);
      }
      case "label_present" -> {
        Column inline = p.label() == null ? lit(false) : col(p.label()).isNotNull();
        yield k == null ? inline : col("lraw_" + k).isNotNull().or(inline);
      }
      case "label_ts_us" -> k == null ? lit(null).cast("long") : unix_micros(col("lts_" + k));
      case "latency" -> p.latencyMs() == null ? nullDouble : col(p.latencyMs()).cast("double");
      case "status" ->
          p.status() == null ? lit(null).cast("string") : col(p.status()).cast("string");
      case "source" ->
          p.source() == null ? lit(null).cast("string") : col(p.source()).cast("string");
      case "label_copies" -> k == null ? lit(null).cast("long") : col("copies_" + k);
      default -> throw new IllegalStateException("no input for " + field);
    };
  }

  private static DataType type(StructType schema, String column) {
    for (StructField f : schema.fields()) {
      if (f.name().equalsIgnoreCase(column)) {
        return f.dataType();
      }
    }
    return null;
  }

  /**
   * A number from a numeric, boolean or text column: true and false are 1 and 0, text that is not a
   * number is null (and the profiler counts it as invalid).
   */
  static Column toDouble(Column c, DataType type) {
    if (type instanceof NumericType || type instanceof BooleanType) {
      return c.cast("double");
    }
    Column text = lower(c.cast("string"));
    return when(text.equalTo("true"), lit(1.0))
        .when(text.equalTo("false"), lit(0.0))
        .otherwise(c.cast("string").try_cast("double"));
  }
}
