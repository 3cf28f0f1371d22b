package io.steward.jobs.action;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.steward.common.errors.Errors;
import io.steward.common.metrics.drift.ModelBaseline;
import io.steward.common.metrics.window.ModelRules;
import io.steward.common.metrics.window.ProfileInput;
import io.steward.common.metrics.window.WindowScan;
import io.steward.common.spec.MonitorSpec;
import io.steward.registry.warehouse.ConcurrentJobs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
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
   * A labels table to join: the latest label of each prediction id ({@link #latestLabels}), keyed
   * by the id's two 64-bit hashes; whether it is small enough to send to every task rather than
   * shuffle the log for the join; and whether the join needs both hashes ({@code pairs}: some ids
   * of the table share their first hash) or the first alone, with the second checked after the
   * join.
   */
  record LabelSource(String table, Dataset<Row> rows, boolean broadcast, boolean pairs) {}

  /**
   * Latest labels up to this many per labels table are broadcast to the scan instead of shuffling
   * the log; the Spark setting {@value #BROADCAST_SETTING} changes it. A label is 40 bytes of
   * fixed-width fields (two hashes, value, time, copies), so the default's largest broadcast is
   * about 320 MB, which the driver holds while the scan runs.
   */
  static final long BROADCAST_LABELS = 8_000_000L;

  static final String BROADCAST_SETTING = "spark.steward.labels.broadcastRows";

  /** The broadcast limit in effect: the Spark setting, else {@link #BROADCAST_LABELS}. */
  static long broadcastLimit(SparkSession spark) {
    String v = spark.conf().get(BROADCAST_SETTING, String.valueOf(BROADCAST_LABELS));
    try {
      long n = Long.parseLong(v.strip());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw Errors.badArgument(BROADCAST_SETTING, v, "a whole number of label rows, 0 or more");
  }

  /**
   * Test only: when set (1 to 63), the labels join key keeps only this many low bits of the id's
   * hash, so that tests can make distinct ids share a key, which 64 bits make too rare to meet.
   */
  static final String KEY_BITS_PROPERTY = "steward.test.labelKeyBits";

  /**
   * The labels join key of a prediction id (as text): Spark's xxhash64 of it, the same hash as the
   * profile's {@code id_hash}.
   */
  static Column idKey(Column pid) {
    Column h = xxhash64(pid);
    String bits = System.getProperty(KEY_BITS_PROPERTY);
    if (bits != null) {
      h = h.bitwiseAND(lit((1L << Integer.parseInt(bits)) - 1));
    }
    return h;
  }

  /**
   * The second, independent 64-bit hash of a prediction id that guards the join: an id is matched
   * to a label only when both hashes agree, so a wrong match needs two ids colliding on 128 bits.
   */
  static Column guardKey(Column pid) {
    return xxhash64(lit("steward:labels-guard"), pid);
  }

  /**
   * The labels a run joins: for each labels table (with the columns a spec reads from it), the
   * latest label of each prediction id ({@link #latestLabels}). Each source is computed in its own
   * job, the jobs run at once, and each is kept (a local checkpoint on disk, not in the heap), so
   * that counting it (to choose between a broadcast and a shuffle) and joining it read its table
   * once.
   */
  static final class LabelSources {
    private final Map<String, Integer> keys = new LinkedHashMap<>();
    private final List<Pending> pending = new ArrayList<>();
    private final List<LabelSource> prepared = new ArrayList<>();
    private final List<Dataset<Row>> executed = new ArrayList<>();

    private static final class Pending {
      final String table;
      final Dataset<Row> rows;
      final MonitorSpec.Labels labels;
      java.time.Instant earliest;

      Pending(String table, Dataset<Row> rows, MonitorSpec.Labels labels, java.time.Instant e) {
        this.table = table;
        this.rows = rows;
        this.labels = labels;
        this.earliest = e;
      }
    }

    /**
     * Registers a source (once per table and label columns, however many scans join it) and returns
     * its number for {@link #get}.
     *
     * @param earliest the first window's start of the scan joining it (see {@link #latestLabels});
     *     the source serves every scan from the earliest of these
     */
    int add(
        String table, Dataset<Row> rows, MonitorSpec.Labels labels, java.time.Instant earliest) {
      String key =
          table
              + "\u0000"
              + labels.predictionId()
              + "\u0000"
              + labels.label()
              + "\u0000"
              + labels.timestamp();
      Integer known = keys.get(key);
      if (known != null) {
        Pending p = pending.get(known);
        if (earliest.isBefore(p.earliest)) {
          p.earliest = earliest;
        }
        return known;
      }
      pending.add(new Pending(table, rows, labels, earliest));
      keys.put(key, pending.size() - 1);
      return pending.size() - 1;
    }

    /**
     * Computes, keeps and counts every source's latest labels, the sources at once. A source some
     * of whose ids share the first hash (never met in practice: about one table in 10^6 with 4
     * million ids) is computed again keyed by both hashes.
     */
    void prepare(SparkSession spark) {
      long limit = broadcastLimit(spark);
      List<java.util.concurrent.Callable<LabelSource>> jobs = new ArrayList<>();
      for (Pending p : pending) {
        jobs.add(() -> prepare(p, limit));
      }
      prepared.addAll(ConcurrentJobs.all(spark, "reading the labels", jobs));
    }

    private LabelSource prepare(Pending p, long limit) {
      // Counted while they are computed (observed metrics of the same job), and kept on local
      // disk, not in the heap, so that the driver's memory does not grow with them.
      Observation seen = new Observation();
      Dataset<Row> latest =
          latestLabels(p.rows, p.labels, p.earliest, false)
              .observe(seen, count(lit(1)).as("ids"), count_if(col("collided")).as("collided"));
      Dataset<Row> kept = latest.localCheckpoint(true, StorageLevel.DISK_ONLY());
      record(latest);
      Map<String, Object> counted = observed(seen);
      long n = ((Number) counted.get("ids")).longValue();
      boolean pairs = ((Number) counted.get("collided")).longValue() > 0;
      if (pairs) {
        latest = latestLabels(p.rows, p.labels, p.earliest, true);
        kept = latest.localCheckpoint(true, StorageLevel.DISK_ONLY());
        record(latest);
        n = kept.count();
      }
      return new LabelSource(p.table, kept.drop("collided"), n <= limit, pairs);
    }

    private static Map<String, Object> observed(Observation seen) {
      try {
        return seen.getAsJava();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while counting the labels", e);
      }
    }

    private synchronized void record(Dataset<Row> query) {
      executed.add(query);
    }

    /** A prepared source. */
    LabelSource get(int source) {
      return prepared.get(source);
    }

    /** How many times the queries that read labels tables read the files under {@code roots}. */
    synchronized int scans(Set<String> roots) {
      int n = 0;
      for (Dataset<Row> q : executed) {
        n += ScanCounter.count(q, roots);
      }
      return n;
    }
  }

  /**
   * The latest label of each prediction id (by the label timestamp when the spec declares one, else
   * the largest value), with the number of rows the id had: h1 and h2 (the id's hashes, see {@link
   * #idKey} and {@link #guardKey}), label (a number: NaN for a value that is not one, null for a
   * missing value), lts, copies, and collided (true where ids sharing h1 were merged: only when
   * keyed by h1 alone). With a label timestamp, labels stamped before {@code earliest} (the first
   * window's start) are left out: they cannot be labels of the windows' predictions.
   *
   * @param pairs key by both hashes rather than the first alone
   */
  static Dataset<Row> latestLabels(
      Dataset<Row> table, MonitorSpec.Labels l, java.time.Instant earliest, boolean pairs) {
    Column labelTime = l.timestamp() == null ? lit(null).cast("timestamp") : col(l.timestamp());
    Column pid = col(l.predictionId()).cast("string");
    Column raw = col(l.label());
    Dataset<Row> rows =
        table
            .where(pid.isNotNull())
            .select(
                idKey(pid).as("h1"),
                guardKey(pid).as("h2"),
                when(
                        raw.isNotNull(),
                        coalesce(toDouble(raw, type(table.schema(), l.label())), lit(Double.NaN)))
                    .as("label"),
                labelTime.cast("timestamp").as("lts"));
    if (l.timestamp() != null) {
      rows = rows.where(col("lts").geq(lit(java.sql.Timestamp.from(earliest))));
    }
    Column label =
        (l.timestamp() == null ? max(col("label")) : max_by(col("label"), col("lts"))).as("label");
    if (pairs) {
      return rows.groupBy("h1", "h2")
          .agg(
              label,
              max(col("lts")).as("lts"),
              count(lit(1)).as("copies"),
              lit(false).as("collided"));
    }
    return rows.groupBy("h1")
        .agg(
            min(col("h2")).as("h2"),
            label,
            max(col("lts")).as("lts"),
            count(lit(1)).as("copies"),
            min(col("h2")).notEqual(max(col("h2"))).as("collided"));
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
      rows = joinLabels(rows, s.predictions().predictionId(), source, k);
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
    fixed.put("day_us", when(WindowPlan.isIn(day, plan.days()), day));
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

  /**
   * Left-joins the latest labels of a source to log rows by prediction id, adding lok_k (the id has
   * a row in the labels: both hashes agree), lab_k, lts_k and copies_k.
   */
  static Dataset<Row> joinLabels(
      Dataset<Row> rows, String predictionIdColumn, LabelSource source, int k) {
    Dataset<Row> latest =
        source
            .rows()
            .select(
                col("h1").as("lh1_" + k),
                col("h2").as("lh2_" + k),
                col("label").as("lab_" + k),
                col("lts").as("lts_" + k),
                col("copies").as("copies_" + k));
    if (source.broadcast()) {
      latest = broadcast(latest);
    }
    Column pid = col(predictionIdColumn).cast("string");
    Column on = idKey(pid).equalTo(col("lh1_" + k));
    if (source.pairs()) {
      on = on.and(guardKey(pid).equalTo(col("lh2_" + k)));
    }
    // A label found by the first hash counts only when the second hash agrees too.
    return rows.join(latest, on, "left")
        .withColumn("lok_" + k, coalesce(col("lh2_" + k).equalTo(guardKey(pid)), lit(false)))
        .drop("lh1_" + k, "lh2_" + k);
  }

  /** The label joined by {@link #joinLabels}: null when the id has none (or a missing value). */
  static Column joinedLabel(int k) {
    return when(hasJoinedLabel(k), col("lab_" + k));
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
        yield k == null ? inline : when(hasJoinedLabel(k), col("lab_" + k)).otherwise(inline);
      }
      case "label_present" -> {
        Column inline = p.label() == null ? lit(false) : col(p.label()).isNotNull();
        yield k == null ? inline : hasJoinedLabel(k).or(inline);
      }
      case "label_ts_us" ->
          k == null ? lit(null).cast("long") : when(col("lok_" + k), unix_micros(col("lts_" + k)));
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

  /** Whether the row's prediction id has a (non-missing) label in the joined labels {@code k}. */
  private static Column hasJoinedLabel(int k) {
    return col("lok_" + k).and(col("lab_" + k).isNotNull());
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
