package io.steward.jobs.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import io.steward.common.domain.FeatureType;
import io.steward.common.metrics.drift.FeatureBaseline;
import io.steward.common.metrics.drift.ModelBaseline;
import io.steward.common.spec.MonitorSpec;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
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
 * from them.
 *
 * <p>Completeness (rows over the median of the previous 28 nights) is out of scope: the bench
 * warehouse holds one night, so Steward writes it null and there is nothing to compare.
 */
final class SqlRival {
  private SqlRival() {}

  private static final String DRIFT = "feature_drift";
  private static final String PERFORMANCE = "performance_metrics";
  private static final String FAIRNESS = "fairness_metrics";
  private static final String OPERATIONS = "operational_metrics";

  /** The night's figures of every model of {@code data}, keyed as {@link StewardFigures#key}. */
  static Map<String, Double> figures(
      SparkSession spark, BenchData data, Map<String, ModelBaseline> baselines) {
    Map<String, Double> out = new HashMap<>();
    Instant start = data.night().atStartOfDay(ZoneOffset.UTC).toInstant();
    for (int t = 0; t < data.tables(); t++) {
      Dataset<Row> night = night(spark, data, t, start).persist(StorageLevel.MEMORY_AND_DISK());
      try {
        List<String> models = data.modelsOf(t);
        Map<String, Long> rows = operations(night, start, out);
        drift(night, models, baselines, rows, out);
        performanceAndFairness(night, out);
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

  // ---- drift

  private static void drift(
      Dataset<Row> night,
      List<String> models,
      Map<String, ModelBaseline> baselines,
      Map<String, Long> rows,
      Map<String, Double> out) {
    List<String> features = new ArrayList<>();
    for (FeatureBaseline f : baselines.get(models.get(0)).features()) {
      features.add(f.feature());
    }
    List<String> structs = new ArrayList<>();
    for (String feature : features) {
      StringBuilder bin = new StringBuilder("CASE model_id");
      StringBuilder extra = new StringBuilder("CASE model_id");
      for (String m : models) {
        FeatureBaseline f = baselines.get(m).feature(feature);
        String v = column(feature, f.type());
        bin.append(" WHEN ").append(sql(m)).append(" THEN ").append(binOf(f, v));
        extra.append(" WHEN ").append(sql(m)).append(" THEN ").append(extraOf(f, v));
      }
      structs.add(
          "struct("
              + sql(feature)
              + " AS feature, "
              + bin
              + " END AS bin, "
              + extra
              + " END AS extra)");
    }
    Dataset<Row> counts =
        night
            .selectExpr(
                "model_id", "model_version", "inline(array(" + String.join(", ", structs) + "))")
            .groupBy("model_id", "model_version", "feature", "bin", "extra")
            .count();
    Map<String, long[]> hist = new HashMap<>();
    Map<String, long[]> extraAndMissing = new HashMap<>();
    for (Row r : counts.collectAsList()) {
      String m = r.getString(0);
      String k = m + "/" + r.getString(1) + "/" + r.getString(2);
      FeatureBaseline f = baselines.get(m).feature(r.getString(2));
      int bin = r.getInt(3);
      long n = r.getLong(5);
      long[] em = extraAndMissing.computeIfAbsent(k, x -> new long[2]);
      if (bin < 0) {
        em[1] += n;
      } else {
        hist.computeIfAbsent(k, x -> new long[f.binCount()])[bin] += n;
        if (r.getBoolean(4)) {
          em[0] += n;
        }
      }
    }
    for (Map.Entry<String, long[]> e : extraAndMissing.entrySet()) {
      String[] mvf = e.getKey().split("/", 3);
      FeatureBaseline f = baselines.get(mvf[0]).feature(mvf[2]);
      long[] h = hist.getOrDefault(e.getKey(), new long[f.binCount()]);
      long nonMissing = 0;
      for (long c : h) {
        nonMissing += c;
      }
      long rowCount = rows.get(mvf[0] + "/" + mvf[1]);
      Double psi = null;
      if (nonMissing > 0 && f.nonMissingCount() > 0) {
        double sum = 0;
        for (int i = 0; i < h.length; i++) {
          double a = h[i] == 0 ? 1e-4 : h[i] / (double) nonMissing;
          double x = f.expected().get(i) == 0.0 ? 1e-4 : f.expected().get(i);
          sum += (a - x) * Math.log(a / x);
        }
        psi = sum;
      }
      Double extraRate = nonMissing > 0 ? e.getValue()[0] / (double) nonMissing : null;
      boolean numeric = f.type() == FeatureType.NUMERIC;
      put(out, DRIFT, "psi", mvf[0], mvf[1], mvf[2], null, psi);
      put(
          out,
          DRIFT,
          "missing_rate",
          mvf[0],
          mvf[1],
          mvf[2],
          null,
          e.getValue()[1] / (double) rowCount);
      put(
          out,
          DRIFT,
          "out_of_range_rate",
          mvf[0],
          mvf[1],
          mvf[2],
          null,
          numeric && psi != null ? extraRate : null);
      put(
          out,
          DRIFT,
          "new_category_rate",
          mvf[0],
          mvf[1],
          mvf[2],
          null,
          !numeric && f.knownCategories() != null ? extraRate : null);
      put(out, DRIFT, "row_count", mvf[0], mvf[1], mvf[2], null, (double) rowCount);
      put(out, DRIFT, "non_missing_count", mvf[0], mvf[1], mvf[2], null, (double) nonMissing);
    }
  }

  /** The log column a feature reads, as SQL, cast to the feature's type. */
  private static String column(String feature, FeatureType type) {
    String c = feature.equals(MonitorSpec.SCORE_FEATURE) ? "score" : "`" + feature + "`";
    return type == FeatureType.NUMERIC ? "CAST(" + c + " AS DOUBLE)" : "CAST(" + c + " AS STRING)";
  }

  /** A feature's bin: -1 when missing, else the bin number (numeric: edges below the value). */
  private static String binOf(FeatureBaseline f, String v) {
    if (f.type() == FeatureType.NUMERIC) {
      String count =
          f.edges().isEmpty()
              ? "0"
              : "size(filter(array("
                  + f.edges().stream().map(SqlRival::sql).collect(Collectors.joining(", "))
                  + "), e -> e < "
                  + v
                  + "))";
      return "CASE WHEN " + v + " IS NULL OR isnan(" + v + ") THEN -1 ELSE " + count + " END";
    }
    String position =
        f.categories().isEmpty()
            ? "0"
            : "array_position(array("
                + f.categories().stream().map(SqlRival::sql).collect(Collectors.joining(", "))
                + "), "
                + v
                + ")";
    return "CASE WHEN "
        + v
        + " IS NULL THEN -1 WHEN "
        + position
        + " = 0 THEN "
        + f.categories().size()
        + " ELSE CAST("
        + position
        + " AS INT) - 1 END";
  }

  /** Whether a non-missing value is out of the baseline's range or a category it never had. */
  private static String extraOf(FeatureBaseline f, String v) {
    if (f.type() == FeatureType.NUMERIC) {
      return f.min() == null
          ? "false"
          : "coalesce(" + v + " < " + sql(f.min()) + " OR " + v + " > " + sql(f.max()) + ", false)";
    }
    if (f.knownCategories() == null || f.knownCategories().isEmpty()) {
      return "true";
    }
    return "coalesce(NOT array_contains(array("
        + f.knownCategories().stream().map(SqlRival::sql).collect(Collectors.joining(", "))
        + "), "
        + v
        + "), false)";
  }

  // ---- performance and fairness

  private static void performanceAndFairness(Dataset<Row> night, Map<String, Double> out) {
    List<String> groups = new ArrayList<>();
    groups.add("struct(CAST(NULL AS STRING) AS slice, CAST(NULL AS STRING) AS grp)");
    for (String c : BenchData.PROTECTED) {
      groups.add(
          "struct("
              + sql(c)
              + " AS slice, coalesce(CAST(`"
              + c
              + "` AS STRING), '(missing)') AS grp)");
    }
    Dataset<Row> cells =
        night
            .selectExpr(
                "model_id",
                "model_version",
                "CASE WHEN score >= 0 AND score <= 1 THEN score END AS s",
                "CASE WHEN label IN (0, 1) THEN CAST(label AS INT) END AS y",
                "inline(array(" + String.join(", ", groups) + "))")
            .selectExpr(
                "*",
                "CAST(s >= " + BenchSpecs.DECISION_THRESHOLD + " AS INT) AS pred",
                "CASE WHEN y IS NOT NULL THEN CAST(floor(s * 10000 + 0.5) AS INT) END AS bin",
                "least(greatest(s, 1e-15D), 1 - 1e-15D) AS p")
            .groupBy("model_id", "model_version", "slice", "grp", "bin", "y", "pred")
            .agg(
                functions.count(functions.lit(1)).as("n"),
                expr("sum(CASE WHEN bin IS NOT NULL THEN IF(y = 1, -ln(p), -log1p(-p)) END)")
                    .as("loss"),
                expr("sum(CASE WHEN bin IS NOT NULL THEN (s - y) * (s - y) END)").as("brier"))
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      String[] group = {"model_id", "model_version", "slice", "grp"};
      Dataset<Row> auc =
          cells
              .where("bin IS NOT NULL")
              .groupBy("model_id", "model_version", "slice", "grp", "bin")
              .agg(expr("sum(IF(y = 1, n, 0))").as("pos"), expr("sum(IF(y = 0, n, 0))").as("neg"))
              .withColumn(
                  "below",
                  functions.coalesce(
                      functions
                          .sum("neg")
                          .over(
                              Window.partitionBy("model_id", "model_version", "slice", "grp")
                                  .orderBy("bin")
                                  .rowsBetween(Window.unboundedPreceding(), -1)),
                      functions.lit(0L)))
              .groupBy("model_id", "model_version", "slice", "grp")
              .agg(
                  expr("sum(pos * (below + 0.5D * neg))").as("u"),
                  functions.sum("pos").as("p"),
                  functions.sum("neg").as("q"));
      Dataset<Row> totals =
          cells
              .groupBy(group[0], group[1], group[2], group[3])
              .agg(
                  functions.sum("n").as("rows"),
                  expr("sum(IF(y IS NOT NULL, n, 0))").as("labeled"),
                  expr("sum(IF(y = 1 AND pred = 1, n, 0))").as("tp"),
                  expr("sum(IF(y = 0 AND pred = 1, n, 0))").as("fp"),
                  expr("sum(IF(y = 0 AND pred = 0, n, 0))").as("tn"),
                  expr("sum(IF(y = 1 AND pred = 0, n, 0))").as("fn"),
                  expr("sum(IF(bin IS NOT NULL, n, 0))").as("scored"),
                  functions.sum("loss").as("loss"),
                  functions.sum("brier").as("brier"),
                  expr("sum(IF(pred IS NOT NULL, n, 0))").as("predicted"),
                  expr("sum(IF(pred = " + BenchSpecs.FAVORABLE + ", n, 0))").as("favorable"))
              .alias("t")
              .join(auc.alias("a"), sameGroup(group), "left")
              .select("t.*", "a.u", "a.p", "a.q");
      Map<String, List<Row>> byAttribute = new HashMap<>();
      for (Row r : totals.collectAsList()) {
        performance(r, out);
        if (r.getAs("slice") != null) {
          byAttribute
              .computeIfAbsent(
                  r.getAs("model_id") + "/" + r.getAs("model_version") + "/" + r.getAs("slice"),
                  k -> new ArrayList<>())
              .add(r);
        }
      }
      byAttribute.forEach((k, rows) -> fairness(k.split("/", 3), rows, out));
    } finally {
      cells.unpersist();
    }
  }

  /** Equal groups of the totals ({@code t}) and the AUC sums ({@code a}); null equals null. */
  private static Column sameGroup(String[] group) {
    Column same = functions.lit(true);
    for (String g : group) {
      same = same.and(col("t." + g).eqNullSafe(col("a." + g)));
    }
    return same;
  }

  private static void performance(Row r, Map<String, Double> out) {
    String m = r.getAs("model_id");
    String v = r.getAs("model_version");
    String c = r.getAs("slice");
    String g = r.getAs("grp");
    long rows = r.getAs("rows");
    long labeled = r.getAs("labeled");
    long tp = r.getAs("tp");
    long fp = r.getAs("fp");
    long tn = r.getAs("tn");
    long fn = r.getAs("fn");
    long scored = r.getAs("scored");
    long classified = tp + fp + tn + fn;
    Long p = r.getAs("p");
    Long q = r.getAs("q");
    long pos = p == null ? 0 : p;
    long neg = q == null ? 0 : q;
    Double auc = pos == 0 || neg == 0 ? null : r.<Double>getAs("u") / ((double) pos * neg);
    figure(out, "auc", m, v, c, g, auc, pos + neg);
    figure(out, "accuracy", m, v, c, g, ratio(tp + tn, classified), classified);
    figure(out, "precision", m, v, c, g, ratio(tp, tp + fp), classified);
    figure(out, "recall", m, v, c, g, ratio(tp, tp + fn), classified);
    figure(out, "f1", m, v, c, g, ratio(2 * tp, 2 * tp + fp + fn), classified);
    Double loss = r.getAs("loss");
    Double brier = r.getAs("brier");
    figure(out, "log_loss", m, v, c, g, scored == 0 ? null : loss / scored, scored);
    figure(out, "brier", m, v, c, g, scored == 0 ? null : brier / scored, scored);
    put(out, PERFORMANCE, "label_coverage", m, v, c, g, ratio(labeled, rows));
  }

  private static void figure(
      Map<String, Double> out,
      String metric,
      String m,
      String v,
      String c,
      String g,
      Double value,
      long n) {
    put(out, PERFORMANCE, metric, m, v, c, g, value);
    put(out, PERFORMANCE, metric + ".n", m, v, c, g, (double) n);
  }

  /** A group's counts for the fairness figures. */
  private record Group(
      String name, long n, long predicted, long favorable, long tp, long fp, long tn, long fn) {
    static Group of(Row r) {
      return new Group(
          r.getAs("grp"),
          r.getAs("rows"),
          r.getAs("predicted"),
          r.getAs("favorable"),
          r.getAs("tp"),
          r.getAs("fp"),
          r.getAs("tn"),
          r.getAs("fn"));
    }

    Double rate(String metric) {
      return switch (metric) {
        case "selection_rate" -> ratio(favorable, predicted);
        case "adverse_action_rate" -> ratio(predicted - favorable, predicted);
        case "tpr" -> ratio(tp, tp + fn);
        case "fpr" -> ratio(fp, fp + tn);
        default -> ratio(tp + tn, tp + fp + tn + fn);
      };
    }
  }

  private static final List<String> GROUP_RATES =
      List.of("selection_rate", "adverse_action_rate", "tpr", "fpr", "accuracy");

  private static void fairness(String[] mva, List<Row> rows, Map<String, Double> out) {
    List<Group> shown = new ArrayList<>();
    for (Row r : rows) {
      Group g = Group.of(r);
      put(out, FAIRNESS, "n", mva[0], mva[1], mva[2], g.name(), (double) g.n());
      if (g.n() >= BenchSpecs.MIN_GROUP_SIZE) {
        shown.add(g);
        for (String metric : GROUP_RATES) {
          put(out, FAIRNESS, metric, mva[0], mva[1], mva[2], g.name(), g.rate(metric));
        }
      }
    }
    Double[] selection = range(shown, "selection_rate");
    Double[] tpr = range(shown, "tpr");
    Double[] fpr = range(shown, "fpr");
    Double[] accuracy = range(shown, "accuracy");
    put(
        out,
        FAIRNESS,
        "demographic_parity_ratio",
        mva[0],
        mva[1],
        mva[2],
        null,
        selection == null || selection[1] == 0 ? null : selection[0] / selection[1]);
    put(
        out,
        FAIRNESS,
        "demographic_parity_difference",
        mva[0],
        mva[1],
        mva[2],
        null,
        selection == null ? null : selection[1] - selection[0]);
    put(
        out,
        FAIRNESS,
        "equalized_odds_difference",
        mva[0],
        mva[1],
        mva[2],
        null,
        tpr == null || fpr == null ? null : Math.max(tpr[1] - tpr[0], fpr[1] - fpr[0]));
    put(
        out,
        FAIRNESS,
        "accuracy_disparity",
        mva[0],
        mva[1],
        mva[2],
        null,
        accuracy == null ? null : accuracy[1] - accuracy[0]);
  }

  /** The smallest and largest defined rate of the groups, null when fewer than two have one. */
  private static Double[] range(List<Group> groups, String metric) {
    List<Double> values = new ArrayList<>();
    for (Group g : groups) {
      Double r = g.rate(metric);
      if (r != null) {
        values.add(r);
      }
    }
    if (values.size() < 2) {
      return null;
    }
    return new Double[] {
      values.stream().min(Double::compare).orElseThrow(),
      values.stream().max(Double::compare).orElseThrow()
    };
  }

  // ---- operations

  /** Writes the operational figures; returns the rows per model version ({@code model/version}). */
  private static Map<String, Long> operations(
      Dataset<Row> night, Instant start, Map<String, Double> out) {
    long startMicros = start.getEpochSecond() * 1_000_000L;
    Dataset<Row> dims =
        night
            .selectExpr(
                "model_id",
                "model_version",
                "unix_micros(event_ts) AS ts",
                "IF(latency_ms >= 0, latency_ms, NULL) AS latency",
                "CASE WHEN label IS NOT NULL AND labeled_at >= event_ts THEN"
                    + " (unix_micros(labeled_at) - unix_micros(event_ts)) / 3.6e9D END AS lag",
                "status IS NOT NULL AND NOT array_contains(array("
                    + BenchSpecs.OK_STATUS.stream()
                        .map(SqlRival::sql)
                        .collect(Collectors.joining(", "))
                    + "), status) AS error",
                "inline(array(struct(CAST(NULL AS STRING) AS dim, CAST(NULL AS STRING) AS val),"
                    + " struct('status' AS dim, coalesce(status, '(missing)') AS val),"
                    + " struct('source' AS dim, coalesce(source, '(missing)') AS val),"
                    + " struct('minute' AS dim, CAST(floor((unix_micros(event_ts) - "
                    + startMicros
                    + ") / 60000000) AS STRING) AS val)))")
            .groupBy("model_id", "model_version", "dim", "val")
            .agg(
                functions.count(functions.lit(1)).as("rows"),
                expr("count_if(error)").as("errors"),
                functions.max("ts").as("newest"),
                expr("percentile_disc(0.5) WITHIN GROUP (ORDER BY IF(dim IS NULL, latency, NULL))")
                    .as("l50"),
                expr("percentile_disc(0.95) WITHIN GROUP (ORDER BY IF(dim IS NULL, latency, NULL))")
                    .as("l95"),
                expr("percentile_disc(0.99) WITHIN GROUP (ORDER BY IF(dim IS NULL, latency, NULL))")
                    .as("l99"),
                expr("percentile_disc(0.5) WITHIN GROUP (ORDER BY IF(dim IS NULL, lag, NULL))")
                    .as("g50"),
                expr("percentile_disc(0.95) WITHIN GROUP (ORDER BY IF(dim IS NULL, lag, NULL))")
                    .as("g95"),
                expr("count(IF(dim IS NULL, lag, NULL))").as("lagged"));
    Map<String, Long> rows = new HashMap<>();
    Map<String, Long> peak = new HashMap<>();
    Map<String, Long> newest = new HashMap<>();
    List<Row> collected = dims.collectAsList();
    for (Row r : collected) {
      if (r.getAs("dim") == null) {
        rows.put(r.getAs("model_id") + "/" + r.getAs("model_version"), r.getAs("rows"));
      }
    }
    for (Row r : collected) {
      String m = r.getAs("model_id");
      String v = r.getAs("model_version");
      String dim = r.getAs("dim");
      String val = r.getAs("val");
      long n = r.getAs("rows");
      long errors = r.getAs("errors");
      long all = rows.get(m + "/" + v);
      if (dim == null) {
        put(out, OPERATIONS, "row_count", m, v, null, null, (double) n);
        put(out, OPERATIONS, "latency_p50", m, v, null, null, r.getAs("l50"));
        put(out, OPERATIONS, "latency_p95", m, v, null, null, r.getAs("l95"));
        put(out, OPERATIONS, "latency_p99", m, v, null, null, r.getAs("l99"));
        put(out, OPERATIONS, "error_rate", m, v, null, null, ratio(errors, n));
        double lagged = r.<Long>getAs("lagged");
        put(out, PERFORMANCE, "label_lag_p50_hours", m, v, null, null, r.getAs("g50"));
        put(out, PERFORMANCE, "label_lag_p50_hours.n", m, v, null, null, lagged);
        put(out, PERFORMANCE, "label_lag_p95_hours", m, v, null, null, r.getAs("g95"));
        put(out, PERFORMANCE, "label_lag_p95_hours.n", m, v, null, null, lagged);
        newest.merge(m, r.<Long>getAs("newest"), Math::max);
      } else if (dim.equals("status")) {
        if (!val.equals("(missing)") && !BenchSpecs.OK_STATUS.contains(val)) {
          put(out, OPERATIONS, "error_rate", m, v, dim, val, ratio(n, all));
        }
      } else if (dim.equals("source")) {
        put(out, OPERATIONS, "row_count", m, v, dim, val, (double) n);
        put(out, OPERATIONS, "error_rate", m, v, dim, val, ratio(errors, n));
      } else {
        peak.merge(m + "/" + v, n, Math::max);
      }
    }
    peak.forEach(
        (mv, p) -> {
          String[] k = mv.split("/", 2);
          put(out, OPERATIONS, "throughput_peak_per_minute", k[0], k[1], null, null, (double) p);
          put(
              out,
              OPERATIONS,
              "capacity_utilization",
              k[0],
              k[1],
              null,
              null,
              p / BenchSpecs.CAPACITY_PER_MINUTE);
        });
    Map<String, Long> modelRows = new HashMap<>();
    rows.forEach((mv, n) -> modelRows.merge(mv.split("/", 2)[0], n, Long::sum));
    long endMicros = startMicros + 86_400_000_000L;
    modelRows.forEach(
        (m, n) -> {
          put(out, OPERATIONS, "row_count", m, null, null, null, (double) n);
          put(
              out,
              OPERATIONS,
              "freshness_hours",
              m,
              null,
              null,
              null,
              (endMicros - newest.get(m)) / 3.6e9);
        });
    return rows;
  }

  // ---- shared

  private static Double ratio(long part, long whole) {
    return whole == 0 ? null : part / (double) whole;
  }

  /** Records a figure; a null one (undefined) is left out, as Steward's null values are. */
  private static void put(
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

  private static String sql(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  private static String sql(double d) {
    return Double.toString(d) + "D";
  }
}
