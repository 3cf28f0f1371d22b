package io.steward.jobs.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;

import io.steward.common.spec.MonitorSpec;
import io.steward.common.spec.MonitorSpecParser;
import io.steward.jobs.StewardContext;
import io.steward.jobs.labels.LabelJoin;
import io.steward.jobs.labels.LabelSources;
import io.steward.jobs.labels.Scratch;
import io.steward.registry.warehouse.ConcurrentJobs;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.StructField;

/**
 * The floors: what any job reading the night the way Steward reads it must pay. {@link #scan}: the
 * labels tables read at once (one job each, every column aggregated), then one job over the union
 * of the log tables, the night's time range pushed into the scan and every column the nightly run
 * needs decoded and aggregated (a sum or a max each, so nothing is pruned). {@link
 * #scanWithLabels}: the same scan with each row given its latest label by Steward's own lookup
 * ({@link LabelSources} written at once, then {@link LabelJoin}), so that the cost of the labels is
 * visible on its own.
 *
 * <p>Driver: the plans and the few aggregated rows. Executors: the scans, the label files and
 * lookups.
 */
final class Floors {
  private Floors() {}

  /** The labels tables read at once, then one scan of every log table's night. */
  static void scan(StewardContext ctx, BenchData data) {
    SparkSession spark = ctx.spark();
    List<Callable<Object>> labels = new ArrayList<>();
    for (int t = 0; t < data.tables(); t++) {
      String table = data.labels(t);
      labels.add(() -> aggregateEach(spark.read().format("delta").load(table)).collectAsList());
    }
    ConcurrentJobs.all(spark, "reading the labels", labels);
    Dataset<Row> all = null;
    for (int t = 0; t < data.tables(); t++) {
      Dataset<Row> night = night(spark, data, t);
      all = all == null ? night : all.unionByName(night);
    }
    aggregateEach(all).collectAsList();
  }

  /**
   * The labels written for the executors' index at once (as a nightly run does), then the same scan
   * with each row's label looked up, the label's columns aggregated too.
   */
  static void scanWithLabels(StewardContext ctx, BenchData data) {
    SparkSession spark = ctx.spark();
    Instant start = data.shape().night().atStartOfDay(ZoneOffset.UTC).toInstant();
    int[] source = new int[data.tables()];
    String[] predictionId = new String[data.tables()];
    try (LabelSources sources = new LabelSources()) {
      for (int t = 0; t < data.tables(); t++) {
        int m = t * BenchData.MODELS_PER_TABLE;
        MonitorSpec spec = MonitorSpecParser.parse(data.model(m), BenchSpecs.yaml(data, m));
        MonitorSpec.Labels l = spec.labels().orElseThrow();
        predictionId[t] = spec.predictions().predictionId();
        source[t] =
            sources.add(
                l.table().sql(), spark.read().format("delta").load(data.labels(t)), l, start);
      }
      sources.prepare(
          spark, Scratch.forRun(spark, ctx.warehouse().root(), "bench-floor-" + UUID.randomUUID()));
      Dataset<Row> all = null;
      for (int t = 0; t < data.tables(); t++) {
        Dataset<Row> joined =
            LabelJoin.join(night(spark, data, t), predictionId[t], sources.get(source[t]), 0);
        all = all == null ? joined : all.unionByName(joined);
      }
      aggregateEach(all).collectAsList();
    }
  }

  /** A log table's rows of the night: the time range is pushed into the scan. */
  static Dataset<Row> night(SparkSession spark, BenchData data, int t) {
    Instant start = data.shape().night().atStartOfDay(ZoneOffset.UTC).toInstant();
    return spark
        .read()
        .format("delta")
        .load(data.log(t))
        .where(
            col("event_ts")
                .geq(lit(Timestamp.from(start)))
                .and(col("event_ts").lt(lit(Timestamp.from(start.plusSeconds(86400))))));
  }

  /**
   * One row: a sum of each floating-point column, a max of each other one (a sum of the labels'
   * microseconds would overflow).
   */
  private static Dataset<Row> aggregateEach(Dataset<Row> rows) {
    List<Column> aggs = new ArrayList<>();
    for (StructField f : rows.schema().fields()) {
      boolean floating = f.dataType() instanceof DoubleType || f.dataType() instanceof FloatType;
      aggs.add(floating ? sum(col(f.name())) : max(col(f.name())));
    }
    return rows.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new));
  }
}
