package io.steward.jobs.action;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

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
   * A labels table to join: the latest label of each prediction id ({@link #latest}), keyed by the
   * id's two 64-bit hashes, either indexed on every executor ({@code index}: the scan looks each
   * row's id up, see {@link LabelIndex}) or, above the index limit, joined by a shuffle of the log
   * ({@code rows}).
   */
  record LabelSource(String table, Dataset<Row> rows, LabelIndex.Source index) {
    boolean indexed() {
      return index != null;
    }
  }

  /**
   * Latest labels up to this many per labels table are indexed on every executor instead of
   * shuffling the log; the Spark setting {@value #BROADCAST_SETTING} changes it. A label takes
   * about 38 bytes off the Java heap ({@link LabelIndex#bytes}), so the default's largest index is
   * about 300 MB per executor, which counts against Spark's executor memory overhead.
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
   * latest label of each prediction id ({@link #latest}). Each source is read by its own job, the
   * jobs run at once, and each job writes the table's rows ({@link #labelRows}) as index files
   * under the run's scratch folder, counting them as it goes, without a shuffle: the scan's
   * executors build their index from those files, merging each id's rows into its latest label as
   * they load them (or, above the limit, the shuffle join reads and merges them), so the labels
   * table is read once and the labels never reach the driver. {@link #close} removes the files.
   */
  static final class LabelSources implements AutoCloseable {
    private final Map<String, Integer> keys = new LinkedHashMap<>();
    private final List<Pending> pending = new ArrayList<>();
    private final List<LabelSource> prepared = new ArrayList<>();
    private final List<Dataset<Row>> executed = new ArrayList<>();
    private SparkSession spark;
    private String scratch;

    private static final class Pending {
      final String table;
      final Dataset<Row> rows;
      final MonitorSpec.Labels labels;
      Instant earliest;

      Pending(String table, Dataset<Row> rows, MonitorSpec.Labels labels, Instant e) {
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
     * @param earliest the first window's start of the scan joining it (see {@link #labelRows}); the
     *     source serves every scan from the earliest of these
     */
    int add(String table, Dataset<Row> rows, MonitorSpec.Labels labels, Instant earliest) {
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
     * Computes, writes and counts every source's latest labels, the sources at once.
     *
     * @param scratch a folder of the run's own (it must not exist yet), which every executor can
     *     read: the run's folder under the warehouse's scratch folder
     */
    void prepare(SparkSession spark, String scratch) {
      long limit = broadcastLimit(spark);
      this.spark = spark;
      this.scratch = scratch;
      LabelIndex.SerializableConf conf =
          new LabelIndex.SerializableConf(spark.sessionState().newHadoopConf());
      List<java.util.concurrent.Callable<LabelSource>> jobs = new ArrayList<>();
      for (int j = 0; j < pending.size(); j++) {
        Pending p = pending.get(j);
        String dir = scratch + "/labels-" + j;
        jobs.add(() -> prepare(p, dir, conf, limit));
      }
      prepared.addAll(ConcurrentJobs.all(spark, "reading the labels", jobs));
    }

    private LabelSource prepare(
        Pending p, String dir, LabelIndex.SerializableConf conf, long limit) {
      // The rows go to the files as they are read, without a shuffle: each executor's index
      // merges an id's rows into its latest label as it loads them (LabelIndex#load).
      Dataset<Row> written =
          labelRows(p.rows, p.labels, p.earliest)
              .mapPartitions(
                  (MapPartitionsFunction<Row, Row>) it -> LabelIndex.write(it, dir, conf),
                  Encoders.row(LabelIndex.WRITTEN));
      long n = 0;
      // One small row per partition (its file and count), never the labels themselves.
      for (Row r : written.collectAsList()) {
        n += r.getLong(1);
      }
      record(written);
      if (n <= limit && n <= LabelIndex.MAX_LABELS) {
        return new LabelSource(p.table, null, new LabelIndex.Source(scratch, dir, n, conf));
      }
      Dataset<Row> rows =
          spark
              .read()
              .format("binaryFile")
              .option("pathGlobFilter", "part-*.bin")
              .load(dir)
              .select("content")
              .flatMap(
                  (FlatMapFunction<Row, Row>) r -> LabelIndex.decode((byte[]) r.get(0)),
                  Encoders.row(LabelIndex.LATEST));
      return new LabelSource(p.table, latest(rows), null);
    }

    /**
     * What the prepared sources hold, for the run's progress: ": 3 table(s), 120000 label rows
     * written for the executors' index (4.6 MB off the heap on each)", with the tables a shuffle
     * joins instead. Each executor builds its index from the files when its first task of the scan
     * asks for a label, so that time is the scan's.
     */
    String describe() {
      long indexed = 0;
      long bytes = 0;
      long shuffled = 0;
      for (LabelSource s : prepared) {
        if (s.indexed()) {
          indexed += s.index().labels();
          bytes += LabelIndex.bytes(s.index().labels());
        } else {
          shuffled++;
        }
      }
      return String.format(
          java.util.Locale.ROOT,
          ": %d table(s), %d label rows written for the executors' index (%.1f MB off the heap"
              + " on each)%s",
          prepared.size(),
          indexed,
          bytes / 1e6,
          shuffled == 0
              ? ""
              : ", " + shuffled + " table(s) above the index limit joined by a shuffle");
    }

    /** Removes the run's label files and drops the indexes this JVM built from them. */
    @Override
    public void close() {
      if (scratch == null) {
        return;
      }
      LabelIndex.release(scratch);
      Scratch.delete(spark, scratch);
      scratch = null;
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
   * A labels table's rows as the labels job writes them ({@link LabelIndex#LATEST}, one row each):
   * h1 and h2 (the id's hashes, see {@link #idKey} and {@link #guardKey}), label (a number: NaN for
   * a value that is not one, null for a missing value), lts (microseconds) and copies (1). With a
   * label timestamp, labels stamped before {@code earliest} (the first window's start) are left
   * out: they cannot be labels of the windows' predictions. Rows without an id cannot be joined.
   */
  static Dataset<Row> labelRows(Dataset<Row> table, MonitorSpec.Labels l, Instant earliest) {
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
                unix_micros(labelTime.cast("timestamp")).as("lts"),
                lit(1L).as("copies"));
    if (l.timestamp() != null) {
      rows = rows.where(col("lts").geq(lit(ChronoUnit.MICROS.between(Instant.EPOCH, earliest))));
    }
    return rows;
  }

  /**
   * The latest label of each id among rows of {@link LabelIndex#LATEST}, with the copies summed:
   * the row with the latest time, and among rows of the same time (or without one) the largest
   * value, a missing value below every number and NaN above. This is the rule {@link
   * LabelIndex#load} merges an id's rows by, so the shuffle join and the index give the same
   * labels.
   */
  static Dataset<Row> latest(Dataset<Row> rows) {
    return rows.groupBy("h1", "h2")
        .agg(
            max_by(col("label"), struct(col("lts"), col("label"))).as("label"),
            max(col("lts")).as("lts"),
            sum(col("copies")).as("copies"));
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
   * Gives log rows the latest labels of a source by prediction id, adding lok_k (the id has a row
   * in the labels: both hashes agree), lab_k, lts_k (microseconds) and copies_k, null where lok_k
   * is false: looked up in the executors' index, or joined by a shuffle above the index limit.
   */
  static Dataset<Row> joinLabels(
      Dataset<Row> rows, String predictionIdColumn, LabelSource source, int k) {
    Column pid = col(predictionIdColumn).cast("string");
    if (source.indexed()) {
      LabelIndex.Source s = source.index();
      String at = "lat_" + k;
      Column found = col(at);
      Map<String, Column> fields = new LinkedHashMap<>();
      fields.put("lok_" + k, found.geq(0));
      fields.put("lab_" + k, field(s, LabelIndex.Field.Which.LABEL, DataTypes.DoubleType, found));
      fields.put("lts_" + k, field(s, LabelIndex.Field.Which.TIME, DataTypes.LongType, found));
      fields.put("copies_" + k, field(s, LabelIndex.Field.Which.COPIES, DataTypes.LongType, found));
      return rows.withColumn(
              at,
              udf(new LabelIndex.Find(s), DataTypes.IntegerType).apply(idKey(pid), guardKey(pid)))
          .withColumns(fields)
          .drop(at);
    }
    Dataset<Row> latest =
        source
            .rows()
            .select(
                col("h1").as("lh1_" + k),
                col("h2").as("lh2_" + k),
                col("label").as("lab_" + k),
                col("lts").as("lts_" + k),
                col("copies").as("copies_" + k));
    Column on = idKey(pid).equalTo(col("lh1_" + k)).and(guardKey(pid).equalTo(col("lh2_" + k)));
    return rows.join(latest, on, "left")
        .withColumn("lok_" + k, col("lh1_" + k).isNotNull())
        .drop("lh1_" + k, "lh2_" + k);
  }

  private static Column field(
      LabelIndex.Source s, LabelIndex.Field.Which which, DataType type, Column found) {
    return udf(new LabelIndex.Field(s, which), type).apply(found);
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
