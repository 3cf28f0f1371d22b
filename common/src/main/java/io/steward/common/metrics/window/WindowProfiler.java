package io.steward.common.metrics.window;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;

import io.steward.common.metrics.fairness.FairnessSummary;
import io.steward.common.metrics.fairness.GroupCounts;
import io.steward.common.metrics.operational.LogSketch;
import io.steward.common.metrics.stats.Interval;
import io.steward.common.spec.MonitorSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Aggregator;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The nightly run's one aggregation: each row of a log table adds itself to its model version's
 * window state ({@link WindowState}); each finished state becomes that window's drift counts and
 * its performance, fairness and operational figures. One instance serves every model of a log
 * table, told apart by the row's model id. Runs on the executors; only the figures (a few hundred
 * small rows per window) leave them.
 */
public final class WindowProfiler extends Aggregator<Row, WindowState, Row> {
  private static final long serialVersionUID = 1L;

  /** What a group's value is called when the slice column is null. */
  public static final String MISSING = "(missing)";

  /** The columns of the input struct, in order. See {@link #INPUT}. */
  public static final StructType INPUT =
      new StructType()
          .add("model", IntegerType, false)
          .add("window_start_us", LongType, false)
          .add("codes", createArrayType(IntegerType, false), true)
          .add("categories", createArrayType(StringType, true), true)
          .add("ts_us", LongType, false)
          .add("id_hash", LongType, false)
          .add("score", DoubleType, true)
          .add("prediction", DoubleType, true)
          .add("prediction_present", BooleanType, false)
          .add("label", DoubleType, true)
          .add("label_present", BooleanType, false)
          .add("label_ts_us", LongType, true)
          .add("latency", DoubleType, true)
          .add("status", StringType, true)
          .add("source", StringType, true)
          .add("slices", createArrayType(StringType, true), false)
          .add("label_copies", LongType, true);

  public static final StructType PERFORMANCE =
      new StructType()
          .add("metric", StringType)
          .add("slice_column", StringType)
          .add("slice_value", StringType)
          .add("value", DoubleType)
          .add("ci_low", DoubleType)
          .add("ci_high", DoubleType)
          .add("n", LongType)
          .add("label_coverage", DoubleType);

  public static final StructType FAIRNESS =
      new StructType()
          .add("attribute", StringType)
          .add("group_value", StringType)
          .add("metric", StringType)
          .add("value", DoubleType)
          .add("ci_low", DoubleType)
          .add("ci_high", DoubleType)
          .add("suppressed", BooleanType);

  public static final StructType OPERATIONAL =
      new StructType()
          .add("metric", StringType)
          .add("dimension", StringType)
          .add("dimension_value", StringType)
          .add("value", DoubleType)
          .add("threshold", DoubleType);

  public static final StructType REJECTED =
      new StructType().add("reason", StringType).add("rows", LongType);

  public static final StructType OUTPUT =
      new StructType()
          .add("row_count", LongType, false)
          .add("counts", createArrayType(LongType, false), false)
          .add("newest_us", LongType, true)
          .add("performance", createArrayType(PERFORMANCE), false)
          .add("fairness", createArrayType(FAIRNESS), false)
          .add("operational", createArrayType(OPERATIONAL), false)
          .add("rejected", createArrayType(REJECTED), false);

  private final List<ModelRules> rules;

  /**
   * @param rules the models of the log table; a row's {@code model} field is its model's position
   *     in this list
   */
  public WindowProfiler(List<ModelRules> rules) {
    this.rules = List.copyOf(rules);
  }

  @Override
  public WindowState zero() {
    return new WindowState();
  }

  @Override
  public WindowState reduce(WindowState s, Row row) {
    int model = row.getInt(0);
    ModelRules r = rules.get(model);
    s.model = model;
    long ts = row.getLong(4);
    if (ts > r.futureAfterMicros()) {
      s.reject(Rejection.FUTURE_TIMESTAMP);
      return s;
    }
    s.rows++;
    if (!row.isNullAt(2)) {
      List<Integer> codes = row.getList(2);
      for (Integer code : codes) {
        if (code >= 0) {
          s.countSlot(code);
        }
      }
    }
    if (!row.isNullAt(3) && r.categorical() != null) {
      r.categorical().count(row.getList(3), s);
    }
    s.newestMicros = Math.max(s.newestMicros, ts);
    s.countMinute((int) ((ts - row.getLong(1)) / 60_000_000L));
    if (r.checksIds()) {
      s.addIdHash(row.getLong(5));
    }

    double label = label(s, r, row);
    if (!row.isNullAt(16) && row.getLong(16) > 1) {
      s.rejected[Rejection.DUPLICATE_LABEL_ID.ordinal()] += row.getLong(16) - 1;
    }
    double score = Double.NaN;
    double predicted;
    if (r.binary()) {
      if (!row.isNullAt(6)) {
        double v = row.getDouble(6);
        if (v >= 0 && v <= 1) {
          score = v;
        } else {
          s.reject(Rejection.SCORE_OUTSIDE_0_1);
        }
      }
      if (r.hasPrediction()) {
        predicted = validClass(s, row);
      } else {
        predicted = Double.isNaN(score) ? Double.NaN : score >= r.decisionThreshold() ? 1.0 : 0.0;
      }
    } else {
      predicted = regressionPrediction(s, r, row);
    }

    s.overall.row();
    addOutcome(s.overall, r, label, score, predicted);
    List<String> sliceValues = row.getList(15);
    int protectedCount = r.protectedCount();
    for (int j = 0; j < r.otherSlices().size(); j++) {
      String value = sliceValues.get(protectedCount + j);
      Outcomes o =
          group(s.slices, j).computeIfAbsent(value == null ? MISSING : value, k -> new Outcomes());
      o.row();
      addOutcome(o, r, label, score, predicted);
    }
    if (r.binary()) {
      for (int a = 0; a < r.attributes().size(); a++) {
        int[] columns = r.attributeColumns().get(a);
        String value = groupValue(sliceValues, columns);
        group(s.groups, a)
            .computeIfAbsent(value, k -> new GroupTally())
            .add(predicted, label, r.favorable());
      }
    }

    if (r.hasLatency() && !row.isNullAt(12)) {
      double ms = row.getDouble(12);
      if (ms >= 0 && !Double.isInfinite(ms)) {
        s.countLatency(ms);
      } else {
        s.reject(Rejection.NEGATIVE_LATENCY);
      }
    }
    boolean error = false;
    if (r.hasStatus()) {
      String status = row.isNullAt(13) ? MISSING : row.getString(13);
      error = !row.isNullAt(13) && !r.okStatus().contains(status);
      s.status.computeIfAbsent(status, k -> new long[1])[0]++;
      if (error) {
        s.errors++;
      }
    }
    if (r.hasSource()) {
      String source = row.isNullAt(14) ? MISSING : row.getString(14);
      long[] c = s.sources.computeIfAbsent(source, k -> new long[2]);
      c[0]++;
      if (error) {
        c[1]++;
      }
    }
    if (r.hasLabelTime() && !Double.isNaN(label) && !row.isNullAt(11)) {
      double hours = (row.getLong(11) - ts) / 3.6e9;
      if (hours >= 0) {
        s.countLabelLag(hours);
      } else {
        s.reject(Rejection.LABEL_BEFORE_PREDICTION);
      }
    }
    return s;
  }

  /** The row's label, NaN when it has none or an invalid one (counted). */
  private static double label(WindowState s, ModelRules r, Row row) {
    if (!row.getBoolean(10)) {
      return Double.NaN;
    }
    if (row.isNullAt(9)) {
      s.reject(Rejection.LABEL_OUTSIDE_CLASSES);
      return Double.NaN;
    }
    double y = row.getDouble(9);
    boolean valid = r.binary() ? y == 0.0 || y == 1.0 : Double.isFinite(y);
    if (!valid) {
      s.reject(Rejection.LABEL_OUTSIDE_CLASSES);
      return Double.NaN;
    }
    return y;
  }

  private static double validClass(WindowState s, Row row) {
    if (!row.getBoolean(8)) {
      return Double.NaN;
    }
    if (!row.isNullAt(7)) {
      double p = row.getDouble(7);
      if (p == 0.0 || p == 1.0) {
        return p;
      }
    }
    s.reject(Rejection.PREDICTION_INVALID);
    return Double.NaN;
  }

  private static double regressionPrediction(WindowState s, ModelRules r, Row row) {
    int column = r.hasPrediction() ? 7 : 6;
    boolean present = r.hasPrediction() ? row.getBoolean(8) : !row.isNullAt(6);
    if (!present) {
      return Double.NaN;
    }
    if (!row.isNullAt(column) && Double.isFinite(row.getDouble(column))) {
      return row.getDouble(column);
    }
    s.reject(Rejection.PREDICTION_INVALID);
    return Double.NaN;
  }

  private static void addOutcome(
      Outcomes o, ModelRules r, double label, double score, double predicted) {
    if (Double.isNaN(label)) {
      return;
    }
    if (r.binary()) {
      o.binary(label, score, predicted);
    } else if (Double.isNaN(predicted)) {
      o.labeledOnly();
    } else {
      o.regression(label, predicted);
    }
  }

  private static String groupValue(List<String> values, int[] columns) {
    if (columns.length == 1) {
      String v = values.get(columns[0]);
      return v == null ? MISSING : v;
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < columns.length; i++) {
      if (i > 0) {
        b.append(MonitorSpec.INTERSECTION_SEPARATOR);
      }
      String v = values.get(columns[i]);
      b.append(v == null ? MISSING : v);
    }
    return b.toString();
  }

  private static <T> HashMap<String, T> group(List<HashMap<String, T>> maps, int index) {
    while (maps.size() <= index) {
      maps.add(new HashMap<>());
    }
    return maps.get(index);
  }

  @Override
  public WindowState merge(WindowState a, WindowState b) {
    return a.merge(b);
  }

  @Override
  public Row finish(WindowState s) {
    ModelRules r = s.model < 0 ? null : rules.get(s.model);
    List<Row> performance = new ArrayList<>();
    List<Row> fairness = new ArrayList<>();
    List<Row> operational = new ArrayList<>();
    if (r != null) {
      if (r.hasLabels()) {
        performance(performance, r, null, null, s.overall);
        for (int j = 0; j < r.otherSlices().size(); j++) {
          Map<String, Outcomes> byValue =
              new TreeMap<>(j < s.slices.size() ? s.slices.get(j) : Map.of());
          for (Map.Entry<String, Outcomes> e : byValue.entrySet()) {
            performance(performance, r, r.otherSlices().get(j), e.getKey(), e.getValue());
          }
        }
        if (r.hasLabelTime()) {
          long[] lag = s.labelLag == null ? new long[0] : s.labelLag;
          long n = 0;
          for (long c : lag) {
            n += c;
          }
          performance.add(lagRow("label_lag_p50_hours", LogSketch.quantile(lag, 0.5), n, s));
          performance.add(lagRow("label_lag_p95_hours", LogSketch.quantile(lag, 0.95), n, s));
        }
      }
      if (r.binary()) {
        for (int a = 0; a < r.attributes().size(); a++) {
          Map<String, GroupTally> byValue =
              new TreeMap<>(a < s.groups.size() ? s.groups.get(a) : Map.of());
          List<GroupCounts> counts = new ArrayList<>();
          byValue.forEach((k, v) -> counts.add(v.counts(k)));
          for (FairnessSummary.Figure f :
              FairnessSummary.summarize(r.attributes().get(a), counts, r.minGroupSize())) {
            Interval ci = f.ci();
            fairness.add(
                RowFactory.create(
                    f.attribute(),
                    f.groupValue(),
                    f.metric(),
                    f.value(),
                    ci == null ? null : ci.low(),
                    ci == null ? null : ci.high(),
                    f.suppressed()));
          }
        }
      }
      operational(operational, r, s);
    }
    List<Row> rejected = new ArrayList<>();
    long duplicates = s.duplicateIds();
    if (duplicates > 0) {
      s.rejected[Rejection.DUPLICATE_PREDICTION_ID.ordinal()] += duplicates;
    }
    for (Rejection reason : Rejection.values()) {
      long n = s.rejected[reason.ordinal()];
      if (n > 0) {
        rejected.add(RowFactory.create(reason.reason(), n));
      }
    }
    return RowFactory.create(
        s.rows,
        s.slots,
        s.newestMicros == Long.MIN_VALUE ? null : s.newestMicros,
        seq(performance),
        seq(fairness),
        seq(operational),
        seq(rejected));
  }

  /** The row encoder takes arrays of structs as Scala sequences. */
  private static scala.collection.immutable.Seq<Row> seq(List<Row> rows) {
    return CollectionConverters.asScala(rows).toList();
  }

  private static Row lagRow(String metric, Double value, long n, WindowState s) {
    return RowFactory.create(metric, null, null, value, null, null, n, s.overall.labelCoverage());
  }

  private static void performance(
      List<Row> out, ModelRules r, String column, String value, Outcomes o) {
    for (Outcomes.Figure f : o.figures(r.binary())) {
      out.add(
          RowFactory.create(
              f.metric(),
              column,
              value,
              f.value(),
              f.ci() == null ? null : f.ci().low(),
              f.ci() == null ? null : f.ci().high(),
              f.n(),
              o.labelCoverage()));
    }
  }

  private static void operational(List<Row> out, ModelRules r, WindowState s) {
    out.add(op("row_count", null, null, (double) s.rows, null));
    if (r.hasLatency()) {
      long[] l = s.latency == null ? new long[0] : s.latency;
      out.add(op("latency_p50", null, null, LogSketch.quantile(l, 0.50), null));
      out.add(op("latency_p95", null, null, LogSketch.quantile(l, 0.95), null));
      out.add(op("latency_p99", null, null, LogSketch.quantile(l, 0.99), null));
    }
    if (r.hasStatus()) {
      out.add(op("error_rate", null, null, share(s.errors, s.rows), null));
      for (Map.Entry<String, long[]> e : new TreeMap<>(s.status).entrySet()) {
        if (!e.getKey().equals(MISSING) && !r.okStatus().contains(e.getKey())) {
          out.add(op("error_rate", "status", e.getKey(), share(e.getValue()[0], s.rows), null));
        }
      }
    }
    if (r.hasSource()) {
      for (Map.Entry<String, long[]> e : new TreeMap<>(s.sources).entrySet()) {
        out.add(op("row_count", "source", e.getKey(), (double) e.getValue()[0], null));
        if (r.hasStatus()) {
          out.add(
              op(
                  "error_rate",
                  "source",
                  e.getKey(),
                  share(e.getValue()[1], e.getValue()[0]),
                  null));
        }
      }
    }
    long peak = 0;
    for (long c : s.perMinute) {
      peak = Math.max(peak, c);
    }
    Double capacity = r.capacityPerMinute();
    out.add(op("throughput_peak_per_minute", null, null, (double) peak, capacity));
    if (capacity != null) {
      out.add(op("capacity_utilization", null, null, peak / capacity, 1.0));
    }
  }

  private static Double share(long part, long whole) {
    return whole == 0 ? null : part / (double) whole;
  }

  private static Row op(
      String metric, String dimension, String value, Double figure, Double threshold) {
    return RowFactory.create(metric, dimension, value, figure, threshold);
  }

  @Override
  public Encoder<WindowState> bufferEncoder() {
    return Encoders.kryo(WindowState.class);
  }

  @Override
  public Encoder<Row> outputEncoder() {
    return Encoders.row(OUTPUT);
  }
}
