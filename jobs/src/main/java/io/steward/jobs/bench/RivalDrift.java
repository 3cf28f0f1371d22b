package io.steward.jobs.bench;

import static io.steward.jobs.bench.SqlRival.put;
import static io.steward.jobs.bench.SqlRival.sql;

import io.steward.common.domain.FeatureType;
import io.steward.common.metrics.drift.FeatureBaseline;
import io.steward.common.metrics.drift.ModelBaseline;
import io.steward.common.spec.MonitorSpec;
import io.steward.registry.tables.StewardTables;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The SQL rival's drift ({@link SqlRival}): every feature of every model of a log table exploded to
 * (model, version, feature, bin, out-of-range or new category), the bin from that model's baseline
 * edges or categories, counted in one group-by on the executors; PSI, rates and counts summed on
 * the driver from those counts.
 */
final class RivalDrift {
  private RivalDrift() {}

  private static final String DRIFT = StewardTables.FEATURE_DRIFT.name();

  private static final String WHOLE_STAGE = "spark.sql.codegen.wholeStage";

  /** Adds the drift figures of the night's rows of a table's {@code models}. */
  static void figures(
      Dataset<Row> night,
      List<String> models,
      Map<String, ModelBaseline> baselines,
      Map<String, Long> rows,
      Map<String, Double> out) {
    List<String> features = new ArrayList<>();
    for (FeatureBaseline f : baselines.get(models.get(0)).features()) {
      features.add(f.feature());
    }
    // Each feature's bin and out-of-range flag as a column of its own, from the row's model's
    // edges and categories, then a small array of (feature, bin, extra) structs exploded and
    // counted. Fused into one generated method (whole-stage code generation), the 70 columns'
    // expressions of 5 models grow past the JVM's 64 KB limit for a method, and Spark then runs the
    // stage without compiled code; compiled operator by operator, each projection is split into
    // methods of legal size. (A union of one expression per model, each scanning the cached rows,
    // took three times as long.)
    List<String> binned = new ArrayList<>(List.of("model_id", "model_version"));
    List<String> structs = new ArrayList<>();
    for (int i = 0; i < features.size(); i++) {
      String feature = features.get(i);
      StringBuilder bin = new StringBuilder("CASE model_id");
      StringBuilder extra = new StringBuilder("CASE model_id");
      for (String m : models) {
        FeatureBaseline f = baselines.get(m).feature(feature);
        String v = column(feature, f.type());
        bin.append(" WHEN ").append(sql(m)).append(" THEN ").append(binOf(f, v));
        extra.append(" WHEN ").append(sql(m)).append(" THEN ").append(extraOf(f, v));
      }
      binned.add(bin + " END AS b" + i);
      binned.add(extra + " END AS x" + i);
      structs.add(
          "struct(" + sql(feature) + " AS feature, b" + i + " AS bin, x" + i + " AS extra)");
    }
    List<Row> collected;
    String wholeStage = night.sparkSession().conf().get(WHOLE_STAGE);
    night.sparkSession().conf().set(WHOLE_STAGE, "false");
    try {
      collected =
          night
              .selectExpr(binned.toArray(String[]::new))
              .selectExpr(
                  "model_id", "model_version", "inline(array(" + String.join(", ", structs) + "))")
              .groupBy("model_id", "model_version", "feature", "bin", "extra")
              .count()
              .collectAsList();
    } finally {
      night.sparkSession().conf().set(WHOLE_STAGE, wholeStage);
    }
    Map<String, long[]> hist = new HashMap<>();
    Map<String, long[]> extraAndMissing = new HashMap<>();
    for (Row r : collected) {
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

  /**
   * A feature's bin: -1 when missing, else the bin number (numeric: the edges below the value, as a
   * chain of comparisons with the sorted edges, which Spark compiles; a higher-order {@code filter}
   * over the edges is evaluated row by row by the interpreter, and made this rival's drift several
   * times slower).
   */
  private static String binOf(FeatureBaseline f, String v) {
    if (f.type() == FeatureType.NUMERIC) {
      StringBuilder count = new StringBuilder();
      if (f.edges().isEmpty()) {
        count.append("0");
      } else {
        count.append("CASE");
        for (int i = 0; i < f.edges().size(); i++) {
          count.append(" WHEN ").append(v).append(" <= ").append(sql(f.edges().get(i)));
          count.append(" THEN ").append(i);
        }
        count.append(" ELSE ").append(f.edges().size()).append(" END");
      }
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
}
