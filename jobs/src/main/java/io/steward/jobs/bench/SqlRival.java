package io.steward.jobs.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import io.steward.common.metrics.drift.ModelBaseline;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The competent rival: the Spark SQL / DataFrame program a good data engineer would write for the
 * bench night, computing every figure Steward writes for it (drift with its rates and counts, every
 * performance metric overall and per slice group, every fairness figure, every operational figure
 * but completeness), independently of Steward's metric classes; only the stored baselines are
 * shared. Keys as {@link StewardFigures#key}.
 *
 * <p>Per log table: the night's rows joined once to the latest label of each prediction (Spark
 * broadcasts the labels when they are under its broadcast threshold), the needed columns kept in
 * memory; then three aggregations over them. Drift: every feature of every model of the table
 * exploded to (model, version, feature, bin, out-of-range) and counted in one group-by. Performance
 * and fairness: each row exploded to its slice groups (the whole, then each slice column's group,
 * an Expand as GROUPING SETS compile to) and counted by group x 1e-4 score bin x label x predicted
 * class with the log-loss and Brier sums; AUC (Mann-Whitney over the bins, a window over bins per
 * group), the confusion-matrix rates and the fairness counts are derived from it on the executors.
 * Operations: each row exploded to the whole, its status, its source and its minute, counted with
 * errors, exact nearest-rank latency and label-lag percentiles (SQL's percentile_disc) and the
 * newest timestamp. Only aggregates reach the driver, where PSI and the fairness gaps are summed
 * from them. The three aggregations are {@link RivalDrift}, {@link RivalOutcomes} and {@link
 * RivalOperations}.
 *
 * <p>Completeness (rows over the median of the previous 28 nights) is out of scope: the bench
 * warehouse holds one night, so Steward writes it null and there is nothing to compare.
 */
final class SqlRival {
  private SqlRival() {}

  /**
   * The night's figures of every model of {@code data}, keyed as {@link StewardFigures#key}; a
   * progress line per table says how long each of its aggregations took.
   */
  static Map<String, Double> figures(
      SparkSession spark,
      BenchData data,
      Map<String, ModelBaseline> baselines,
      Consumer<String> progress) {
    Map<String, Double> out = new HashMap<>();
    Instant start = data.shape().night().atStartOfDay(ZoneOffset.UTC).toInstant();
    for (int t = 0; t < data.tables(); t++) {
      Dataset<Row> night = night(spark, data, t, start).persist(StorageLevel.MEMORY_AND_DISK());
      try {
        List<String> models = data.modelsOf(t);
        long t0 = System.nanoTime();
        Map<String, Long> rows = RivalOperations.figures(night, start, out);
        long t1 = System.nanoTime();
        RivalDrift.figures(night, models, baselines, rows, out);
        long t2 = System.nanoTime();
        RivalOutcomes.figures(night, out);
        long t3 = System.nanoTime();
        progress.accept(
            String.format(
                Locale.ROOT,
                "sql rival: table %d of %d: labels joined and operations %.1f s, drift %.1f s,"
                    + " performance and fairness %.1f s",
                t + 1,
                data.tables(),
                (t1 - t0) / 1e9,
                (t2 - t1) / 1e9,
                (t3 - t2) / 1e9));
      } finally {
        night.unpersist();
      }
    }
    return out;
  }

  /** The night's rows of a table with their latest label, only the columns the figures need. */
  private static Dataset<Row> night(SparkSession spark, BenchData data, int t, Instant start) {
    Dataset<Row> log =
        spark
            .read()
            .format("delta")
            .load(data.log(t))
            .where(
                col("event_ts")
                    .geq(Timestamp.from(start))
                    .and(col("event_ts").lt(Timestamp.from(start.plusSeconds(86_400)))));
    Dataset<Row> labels =
        spark
            .read()
            .format("delta")
            .load(data.labels(t))
            .groupBy("prediction_id")
            .agg(
                expr("max_by(label, labeled_at)").as("label"),
                functions.max("labeled_at").as("labeled_at"));
    List<String> keep = new ArrayList<>();
    keep.addAll(List.of("model_id", "model_version", "event_ts", "score", "latency_ms"));
    keep.addAll(List.of("status", "source", "label", "labeled_at"));
    keep.addAll(BenchData.PROTECTED);
    keep.addAll(data.numericColumns());
    keep.addAll(data.categoricalColumns());
    return log.join(labels, CollectionConverters.asScala(List.of("prediction_id")).toSeq(), "left")
        .select(keep.stream().map(functions::col).toArray(Column[]::new));
  }

  /** part / whole, null when whole is 0. */
  static Double ratio(long part, long whole) {
    return whole == 0 ? null : part / (double) whole;
  }

  /** Records a figure; a null one (undefined) is left out, as Steward's null values are. */
  static void put(
      Map<String, Double> out,
      String table,
      String metric,
      String m,
      String v,
      String column,
      String group,
      Double value) {
    if (value != null) {
      out.put(StewardFigures.key(table, metric, m, v, column, group), value);
    }
  }

  /** A SQL string literal. */
  static String sql(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /** A SQL double literal. */
  static String sql(double d) {
    return Double.toString(d) + "D";
  }
}
