package io.steward.jobs.results;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createMapType;

import io.steward.common.metrics.fairness.FairnessSummary;
import io.steward.common.metrics.fairness.GroupCounts;
import io.steward.common.metrics.operational.LogSketch;
import io.steward.common.metrics.shadow.PairFigures;
import io.steward.common.metrics.shadow.PairTally;
import io.steward.common.metrics.shadow.ShadowVerdict;
import io.steward.common.metrics.stats.Interval;
import io.steward.common.metrics.window.GroupTally;
import io.steward.common.metrics.window.Outcomes;
import io.steward.common.metrics.window.Rejection;
import io.steward.common.metrics.window.WindowState;
import io.steward.jobs.scan.ModelRules;
import io.steward.jobs.scan.ShadowRules;
import io.steward.jobs.scan.WindowScan;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Turns a window's complete state ({@link WindowState}, built by {@link WindowScan}) into its drift
 * counts and its performance, fairness and operational figures ({@link #OUTPUT}). One instance
 * serves every model of a log table. Runs on the executors; only the figures (a few hundred small
 * rows per window) leave them.
 */
public final class WindowProfiler implements Serializable {
  private static final long serialVersionUID = 1L;

  /** What a group's value is called when the slice column is null. */
  public static final String MISSING = "(missing)";

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

  /**
   * Shadow mode: one challenger's comparison with the champion over a night, with its verdict (the
   * columns of {@code steward.shadow_comparisons} a night's pairs decide).
   */
  public static final StructType SHADOW =
      new StructType()
          .add("champion_version", StringType)
          .add("challenger_version", StringType)
          .add("watching", BooleanType)
          .add("pairs", LongType)
          .add("coverage", DoubleType)
          .add("agreement", DoubleType)
          .add("agreement_ci_low", DoubleType)
          .add("agreement_ci_high", DoubleType)
          .add("mean_abs_diff", DoubleType)
          .add("p95_abs_diff", DoubleType)
          .add("score_psi", DoubleType)
          .add("champion_auc", DoubleType)
          .add("champion_auc_ci_low", DoubleType)
          .add("champion_auc_ci_high", DoubleType)
          .add("challenger_auc", DoubleType)
          .add("challenger_auc_ci_low", DoubleType)
          .add("challenger_auc_ci_high", DoubleType)
          .add("labelled_pairs", LongType)
          .add("champion_parity", createMapType(StringType, DoubleType))
          .add("challenger_parity", createMapType(StringType, DoubleType))
          .add("material_discrepancy", BooleanType)
          .add("enough_pairs", BooleanType)
          .add("verdict", StringType)
          .add("reasons", createArrayType(StringType));

  public static final StructType OUTPUT =
      new StructType()
          .add("row_count", LongType, false)
          .add("counts", createArrayType(LongType, false), false)
          .add("newest_us", LongType, true)
          .add("performance", createArrayType(PERFORMANCE), false)
          .add("fairness", createArrayType(FAIRNESS), false)
          .add("operational", createArrayType(OPERATIONAL), false)
          .add("rejected", createArrayType(REJECTED), false)
          .add("shadow", createArrayType(SHADOW), false);

  private final List<ModelRules> rules;

  /**
   * @param rules the models of the log table; a row's {@code model} field is its model's position
   *     in this list
   */
  public WindowProfiler(List<ModelRules> rules) {
    this.rules = List.copyOf(rules);
  }

  /** The figures of a window of a single model that has no rows. */
  public static Row empty(ModelRules rules) {
    WindowState s = new WindowState();
    s.model = 0;
    return new WindowProfiler(List.of(rules)).finish(s);
  }

  /** The window's figures, from its complete state. */
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
    s.countDuplicates();
    s.rejected[Rejection.DUPLICATE_PREDICTION_ID.ordinal()] += s.duplicates;
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
        seq(rejected),
        seq(List.of()));
  }

  /**
   * The comparisons of a night of shadow mode, from the state its id shares were paired into: a row
   * of {@link #OUTPUT} whose only figures are in {@code shadow}, one per challenger version, each
   * with its verdict.
   *
   * @param nightMicros the night's start (UTC midnight, microseconds)
   */
  public Row finishPairs(WindowState s, long nightMicros) {
    ModelRules r = rules.get(s.model);
    ShadowRules rs = r.shadow();
    String championVersion = rs.championOn(nightMicros);
    List<Row> shadow = new ArrayList<>();
    for (Map.Entry<String, PairTally> e : new TreeMap<>(s.comparisons).entrySet()) {
      PairFigures f = PairFigures.of(e.getValue(), r.minGroupSize());
      boolean watching = rs.watching(e.getKey(), nightMicros);
      ShadowVerdict v = ShadowVerdict.judge(f, rs.thresholds(), watching);
      Outcomes.Figure champion = PairFigures.metric(f.champion(), "auc");
      Outcomes.Figure challenger = PairFigures.metric(f.challenger(), "auc");
      shadow.add(
          RowFactory.create(
              championVersion,
              e.getKey(),
              watching,
              f.pairs(),
              f.coverage(),
              f.agreement(),
              f.agreementCi() == null ? null : f.agreementCi().low(),
              f.agreementCi() == null ? null : f.agreementCi().high(),
              f.meanAbsDiff(),
              f.p95AbsDiff(),
              f.scorePsi(),
              value(champion),
              low(champion),
              high(champion),
              value(challenger),
              low(challenger),
              high(challenger),
              e.getValue().champion.labeled,
              map(f.championParity()),
              map(f.challengerParity()),
              v.materialDiscrepancy(),
              v.enoughPairs(),
              v.verdict().name(),
              CollectionConverters.asScala(v.reasons()).toList()));
    }
    return RowFactory.create(
        0L,
        new long[0],
        null,
        seq(List.of()),
        seq(List.of()),
        seq(List.of()),
        seq(List.of()),
        seq(shadow));
  }

  private static Double value(Outcomes.Figure f) {
    return f == null ? null : f.value();
  }

  private static Double low(Outcomes.Figure f) {
    return f == null || f.ci() == null ? null : f.ci().low();
  }

  private static Double high(Outcomes.Figure f) {
    return f == null || f.ci() == null ? null : f.ci().high();
  }

  /** The row encoder takes maps as Scala maps. */
  private static scala.collection.immutable.Map<String, Double> map(Map<String, Double> m) {
    return scala.collection.immutable.Map.from(CollectionConverters.asScala(m));
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
}
