package io.steward.jobs.scan;

import io.steward.common.domain.Granularity;
import io.steward.common.metrics.window.WindowState;
import io.steward.jobs.results.WindowProfiler;
import io.steward.jobs.scan.PartitionProfile.ShuffleKey;
import io.steward.jobs.scan.PartitionProfile.WindowKey;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * The nightly run's one aggregation over a log table: every input row ({@link ProfileInput}) is
 * read once, in the task that scans it, into the state of each window of its model version it
 * counts in ({@link PartitionProfile}); the partitions' states are merged by window and finished
 * into figures ({@link WindowProfiler}). The rows are read as Spark's binary rows, below the
 * Dataset API, because converting every row to Java objects (as a typed {@code Aggregator} does)
 * cost more than all the metrics together.
 *
 * <p>What moves between tasks is small and does not grow with the rows, except the prediction-id
 * hashes (8 bytes a row), which travel in as many shares by hash as the input has partitions, so no
 * task holds more ids than a partition has rows. Nothing runs when this is called but the planning
 * of {@code input} (including any broadcast its plan needs); the caller decides when the returned
 * dataset is computed.
 */
public final class WindowScan {
  private WindowScan() {}

  public static final String MODEL_ID = "model_id";
  public static final String MODEL_VERSION = "model_version";
  public static final String GRANULARITY = "granularity";
  public static final String WINDOW_START = "window_start";
  public static final String PROFILE = "profile";

  /**
   * The model_version of a shadow-mode row of the result: a night's comparisons of a model's
   * versions, held in the profile's {@code shadow} field.
   */
  public static final String PAIRS = PartitionProfile.PAIRS;

  /** The columns of the result: one row per model version and window that has input rows. */
  public static final StructType OUTPUT =
      new StructType()
          .add(MODEL_ID, DataTypes.StringType, false)
          .add(MODEL_VERSION, DataTypes.StringType, true)
          .add(GRANULARITY, DataTypes.StringType, false)
          .add(WINDOW_START, DataTypes.TimestampType, false)
          .add(PROFILE, WindowProfiler.OUTPUT, false);

  /** States of distinct windows merged in at most this many tasks. */
  private static final int WINDOW_TASKS = 8;

  /**
   * @param input rows laid out as {@code layout} says ({@link ProfileInput#schema()})
   * @param rules the models of the rows; a row's {@code model} field is its position here
   * @return model_id, model_version, granularity, window_start, profile ({@link #OUTPUT})
   */
  public static Dataset<Row> profile(
      Dataset<Row> input, ProfileInput layout, List<ModelRules> rules) {
    StructType expected = layout.schema();
    if (!input.schema().simpleString().equals(expected.simpleString())) {
      throw new IllegalArgumentException(
          "the profile input has columns "
              + input.schema().simpleString()
              + ", expected "
              + expected.simpleString());
    }
    ModelRules[] models = rules.toArray(ModelRules[]::new);
    WindowProfiler profiler = new WindowProfiler(rules);
    RDD<InternalRow> rows = input.queryExecution().toRdd();
    int shares = Math.max(1, rows.getNumPartitions());
    JavaPairRDD<ShuffleKey, WindowState> partials =
        rows.toJavaRDD()
            .mapPartitionsToPair(
                it -> {
                  PartitionProfile partition = new PartitionProfile(models, layout);
                  while (it.hasNext()) {
                    partition.add(it.next());
                  }
                  return partition.emit(shares).iterator();
                });
    JavaPairRDD<WindowKey, WindowState> windows =
        partials
            .reduceByKey(WindowState::merge, shares)
            .mapToPair(t -> new Tuple2<>(t._1().window(), share(t._1(), t._2(), models)));
    JavaRDD<Row> profiles =
        windows
            .reduceByKey(WindowState::merge, Math.min(shares, WINDOW_TASKS))
            .map(
                t -> {
                  WindowKey k = t._1();
                  Row profile =
                      PAIRS.equals(k.version())
                          ? profiler.finishPairs(t._2(), k.startMicros())
                          : profiler.finish(t._2());
                  return RowFactory.create(
                      models[k.model()].modelId(),
                      k.version(),
                      (k.week() ? Granularity.WEEK : Granularity.DAY).name(),
                      new Timestamp(Math.floorDiv(k.startMicros(), 1000L)),
                      profile);
                });
    return input.sparkSession().createDataFrame(profiles, OUTPUT);
  }

  /**
   * A share's state once all its partitions' parts are merged: a window's own state as it is; a
   * share of a window's id hashes counted for repeats; a share of shadow mode's rows paired up.
   */
  private static WindowState share(ShuffleKey key, WindowState s, ModelRules[] models) {
    if (key.bucket() < 0) {
      return s;
    }
    if (s.pairRecords != null) {
      ModelRules r = models[key.window().model()];
      String champion = r.shadow().championOn(key.window().startMicros());
      if (champion == null) {
        s.pairRecords = null;
        s.comparisons = new java.util.LinkedHashMap<>();
        return s;
      }
      return s.pairUp(champion, r.favorable());
    }
    return s.countDuplicates();
  }
}
