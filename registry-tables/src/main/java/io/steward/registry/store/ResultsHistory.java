package io.steward.registry.store;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.steward.common.domain.PsiBand;
import io.steward.common.domain.TimeWindow;
import io.steward.registry.tables.StewardTables;
import io.steward.registry.tables.TableDef;
import io.steward.registry.warehouse.Warehouse;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads the results tables ({@code steward.feature_drift}, {@code performance_metrics}, {@code
 * fairness_metrics}, {@code operational_metrics}) over a range of nights: summed up per model (what
 * the demo's portfolio summary shows), or figure by figure (what the bench compares). Each read
 * keeps only the rows of the range's granularity whose window starts in the range; the aggregations
 * run on the executors and their rows (a few per model) are collected to the driver.
 */
public final class ResultsHistory {
  private final SparkSession spark;
  private final Warehouse warehouse;
  private final TimeWindow window;

  public ResultsHistory(SparkSession spark, Warehouse warehouse, TimeWindow window) {
    this.spark = spark;
    this.warehouse = warehouse;
    this.window = window;
  }

  /**
   * A model's drift over the range.
   *
   * @param rows predictions scored, summed over its versions and nights
   * @param worstFeature the feature with the highest PSI of any night, and that PSI
   * @param firstSignificant the first night with a feature in the SIGNIFICANT band, or null
   */
  public record ModelDrift(
      String modelId, long rows, String worstFeature, Double worstPsi, LocalDate firstSignificant) {
    public ModelDrift {
      if (modelId == null || rows < 0) {
        throw new IllegalArgumentException("a model's drift needs its id and a row count >= 0");
      }
    }
  }

  /**
   * The drift of every model with a PSI in the range, in model id order.
   *
   * <p>A model version's rows of a night are the row count of its features' rows (the same on
   * each).
   */
  public List<ModelDrift> drift() {
    Dataset<Row> drift = nights(StewardTables.FEATURE_DRIFT);
    Dataset<Row> rows =
        drift
            .groupBy("model_id", "model_version", "window_start")
            .agg(max("row_count").as("rows"))
            .groupBy("model_id")
            .agg(sum("rows").as("rows"));
    Dataset<Row> worst =
        drift
            .where(col("psi").isNotNull())
            .groupBy("model_id")
            .agg(
                max_by(col("feature"), col("psi")).as("worst_feature"),
                max("psi").as("worst_psi"),
                min(when(col("psi_band").equalTo(PsiBand.SIGNIFICANT.name()), col("window_start")))
                    .as("first_significant"));
    List<ModelDrift> out = new ArrayList<>();
    for (Row r : rows.join(worst, "model_id").orderBy("model_id").collectAsList()) {
      out.add(
          new ModelDrift(
              r.getAs("model_id"),
              r.<Long>getAs("rows"),
              r.getAs("worst_feature"),
              r.getAs("worst_psi"),
              night(r.getAs("first_significant"))));
    }
    return out;
  }

  /** A model's overall performance on one night, against its baseline (null without one). */
  public record NightPerformance(String metric, Double value, Double baseline, LocalDate night) {
    public NightPerformance {
      if (metric == null || night == null) {
        throw new IllegalArgumentException("a night's performance needs its metric and night");
      }
    }
  }

  /**
   * Per model, its overall (unsliced) performance on the latest night of the range with one of
   * {@code metrics} computed from at least {@code minLabelCoverage} of its labels (of two versions
   * on that night, the one with more rows).
   */
  public Map<String, NightPerformance> latestPerformance(
      Collection<String> metrics, double minLabelCoverage) {
    return byModel(
        nights(StewardTables.PERFORMANCE_METRICS)
            .where(
                col("slice_column")
                    .isNull()
                    .and(col("metric").isin(metrics.toArray()))
                    .and(col("value").isNotNull())
                    .and(col("label_coverage").geq(minLabelCoverage)))
            .groupBy("model_id")
            .agg(
                max_by(
                        struct("metric", "value", "baseline_value", "window_start"),
                        struct("window_start", "row_count"))
                    .as("p")),
        r -> {
          Row p = r.getAs("p");
          return new NightPerformance(
              p.getAs("metric"),
              p.getAs("value"),
              p.getAs("baseline_value"),
              night(p.getAs("window_start")));
        });
  }

  /** The fairness attribute (or intersection) with the lowest value of a metric, and that value. */
  public record LowestAttribute(String attribute, Double value) {
    public LowestAttribute {
      if (attribute == null) {
        throw new IllegalArgumentException("the lowest fairness figure needs its attribute");
      }
    }
  }

  /**
   * Per model, the attribute with the lowest value of {@code metric} (a fairness metric) on the
   * latest night of the range where it has one, groups below the minimum size left out.
   */
  public Map<String, LowestAttribute> lowestFairnessOnLatestNight(String metric) {
    Dataset<Row> values =
        nights(StewardTables.FAIRNESS_METRICS)
            .where(
                col("metric")
                    .equalTo(metric)
                    .and(col("value").isNotNull())
                    .and(col("suppressed").equalTo(false)));
    Dataset<Row> latest = values.groupBy("model_id").agg(max("window_start").as("latest"));
    return byModel(
        values
            .join(latest, "model_id")
            .where(col("window_start").equalTo(col("latest")))
            .groupBy("model_id")
            .agg(min_by(struct("attribute", "value"), col("value")).as("f")),
        r -> {
          Row f = r.getAs("f");
          return new LowestAttribute(f.getAs("attribute"), f.getAs("value"));
        });
  }

  /** An operational figure on the first and on the latest night of the range. */
  public record FirstAndLatest(Double first, Double latest) {}

  /**
   * Per model, an operational metric of its versions (over all of a night's rows, not by dimension)
   * on the first and the latest night of the range.
   */
  public Map<String, FirstAndLatest> versionMetricFirstAndLatest(String metric) {
    return byModel(
        nights(StewardTables.OPERATIONAL_METRICS)
            .where(
                col("metric")
                    .equalTo(metric)
                    .and(col("model_version").isNotNull())
                    .and(col("dimension").isNull()))
            .groupBy("model_id")
            .agg(
                max_by(col("value"), col("window_start")).as("latest"),
                min_by(col("value"), col("window_start")).as("first")),
        r -> new FirstAndLatest(r.getAs("first"), r.getAs("latest")));
  }

  /** An operational figure and its threshold (null without one). */
  public record ValueAndThreshold(Double value, Double threshold) {}

  /**
   * Per model, an operational metric of the model as a whole (not of a version) on the latest night
   * of the range, with its threshold.
   */
  public Map<String, ValueAndThreshold> modelMetricLatest(String metric) {
    return byModel(
        nights(StewardTables.OPERATIONAL_METRICS)
            .where(col("metric").equalTo(metric).and(col("model_version").isNull()))
            .groupBy("model_id")
            .agg(max_by(struct("value", "threshold"), col("window_start")).as("f")),
        r -> {
          Row f = r.getAs("f");
          return new ValueAndThreshold(f.getAs("value"), f.getAs("threshold"));
        });
  }

  /** A feature's PSI on a night. */
  public record FeaturePsi(String modelId, String feature, double psi) {
    public FeaturePsi {
      if (modelId == null || feature == null) {
        throw new IllegalArgumentException("a feature's PSI needs its model and feature");
      }
    }
  }

  /** Every feature PSI of the range (those that could not be computed left out). */
  public List<FeaturePsi> psi() {
    List<FeaturePsi> out = new ArrayList<>();
    for (Row r :
        nights(StewardTables.FEATURE_DRIFT)
            .where(col("psi").isNotNull())
            .select("model_id", "feature", "psi")
            .collectAsList()) {
      out.add(new FeaturePsi(r.getString(0), r.getString(1), r.getDouble(2)));
    }
    return out;
  }

  /**
   * A metric's value for a model and a group of rows.
   *
   * @param column the slice column or fairness attribute, null for the whole model
   * @param group the group's value of it, null for the whole model
   */
  public record GroupValue(String modelId, String column, String group, double value) {
    public GroupValue {
      if (modelId == null) {
        throw new IllegalArgumentException("a group's value needs its model");
      }
    }
  }

  /**
   * Every value of a performance metric in the range, for the whole model and for each slice group
   * (those that could not be computed left out).
   */
  public List<GroupValue> performance(String metric) {
    return groupValues(
        nights(StewardTables.PERFORMANCE_METRICS)
            .where(col("metric").equalTo(metric).and(col("value").isNotNull()))
            .select("model_id", "slice_column", "slice_value", "value"));
  }

  /**
   * Every value of a fairness metric in the range, per attribute and group (those that could not be
   * computed left out).
   */
  public List<GroupValue> fairness(String metric) {
    return groupValues(
        nights(StewardTables.FAIRNESS_METRICS)
            .where(col("metric").equalTo(metric).and(col("value").isNotNull()))
            .select("model_id", "attribute", "group_value", "value"));
  }

  /**
   * One stored figure of a results table, as the bench compares it.
   *
   * @param table the results table's name ({@code feature_drift}, ...)
   * @param metric the metric; for drift a column of the row ({@code psi}, {@code missing_rate},
   *     ...), for performance also {@code METRIC.n} (the rows a figure rests on) and {@code
   *     label_coverage}
   * @param version the model version, null for a model-level operational figure
   * @param column the feature, slice column, fairness attribute or dimension; null for the whole
   * @param group the slice group, fairness group or dimension value; null for the whole
   */
  public record Figure(
      String table,
      String metric,
      String modelId,
      String version,
      String column,
      String group,
      double value) {
    public Figure {
      if (table == null || metric == null || modelId == null) {
        throw new IllegalArgumentException("a stored figure needs its table, metric and model");
      }
    }
  }

  /** The drift row's figures, in the order {@link #figures} lists them. */
  private static final List<String> DRIFT_FIGURES =
      List.of(
          "psi",
          "missing_rate",
          "out_of_range_rate",
          "new_category_rate",
          "row_count",
          "non_missing_count");

  /**
   * Every non-null figure of the four results tables in the range: each drift row's PSI, rates and
   * counts; each performance row's value, its {@code n} and its label coverage; each fairness and
   * operational row's value. Intervals, bands, thresholds and provenance are not listed.
   */
  public List<Figure> figures() {
    List<Figure> out = new ArrayList<>();
    String drift = StewardTables.FEATURE_DRIFT.name();
    for (Row r : nights(StewardTables.FEATURE_DRIFT).collectAsList()) {
      for (String metric : DRIFT_FIGURES) {
        Object v = r.getAs(metric);
        if (v != null) {
          out.add(
              new Figure(
                  drift,
                  metric,
                  r.getAs("model_id"),
                  r.getAs("model_version"),
                  r.getAs("feature"),
                  null,
                  ((Number) v).doubleValue()));
        }
      }
    }
    String performance = StewardTables.PERFORMANCE_METRICS.name();
    for (Row r : nights(StewardTables.PERFORMANCE_METRICS).collectAsList()) {
      String metric = r.getAs("metric");
      String model = r.getAs("model_id");
      String version = r.getAs("model_version");
      String column = r.getAs("slice_column");
      String group = r.getAs("slice_value");
      Double value = r.getAs("value");
      if (value != null) {
        out.add(new Figure(performance, metric, model, version, column, group, value));
      }
      long n = r.<Long>getAs("n");
      out.add(new Figure(performance, metric + ".n", model, version, column, group, n));
      Double coverage = r.getAs("label_coverage");
      if (coverage != null) {
        out.add(new Figure(performance, "label_coverage", model, version, column, group, coverage));
      }
    }
    addValues(out, StewardTables.FAIRNESS_METRICS, "attribute", "group_value");
    addValues(out, StewardTables.OPERATIONAL_METRICS, "dimension", "dimension_value");
    return out;
  }

  private void addValues(List<Figure> out, TableDef table, String column, String group) {
    for (Row r :
        nights(table)
            .where(col("value").isNotNull())
            .select("metric", "model_id", "model_version", column, group, "value")
            .collectAsList()) {
      out.add(
          new Figure(
              table.name(),
              r.getString(0),
              r.getString(1),
              r.getString(2),
              r.getString(3),
              r.getString(4),
              r.getDouble(5)));
    }
  }

  private static List<GroupValue> groupValues(Dataset<Row> rows) {
    List<GroupValue> out = new ArrayList<>();
    for (Row r : rows.collectAsList()) {
      out.add(new GroupValue(r.getString(0), r.getString(1), r.getString(2), r.getDouble(3)));
    }
    return out;
  }

  /**
   * The rows of a results table of the range's granularity whose window starts in the range,
   * without those of a version that scored that night in shadow mode (a challenger, or the version
   * watched after a promotion): what a model served, not what it tried.
   */
  private Dataset<Row> nights(TableDef table) {
    Dataset<Row> rows =
        TableWriter.read(spark, warehouse, table)
            .where(col("granularity").equalTo(window.granularity().name()))
            .where(col("window_start").geq(Timestamp.from(window.start())))
            .where(col("window_start").lt(Timestamp.from(window.end())));
    if (table.equals(StewardTables.SHADOW_COMPARISONS)) {
      return rows;
    }
    Dataset<Row> inShadow =
        TableWriter.read(spark, warehouse, StewardTables.SHADOW_COMPARISONS)
            .where(col("granularity").equalTo(window.granularity().name()))
            .select(
                col("model_id").as("shadow_model"),
                col("challenger_version").as("shadow_version"),
                col("window_start").as("shadow_start"))
            .distinct();
    return rows.join(
        inShadow,
        rows.col("model_id")
            .equalTo(inShadow.col("shadow_model"))
            .and(rows.col("model_version").equalTo(inShadow.col("shadow_version")))
            .and(rows.col("window_start").equalTo(inShadow.col("shadow_start"))),
        "left_anti");
  }

  /** A small per-model result, collected to the driver by model id. */
  private static <T> Map<String, T> byModel(Dataset<Row> perModel, Function<Row, T> value) {
    Map<String, T> out = new HashMap<>();
    for (Row r : perModel.collectAsList()) {
      out.put(r.getAs("model_id"), value.apply(r));
    }
    return out;
  }

  private static LocalDate night(Timestamp t) {
    return t == null ? null : t.toInstant().atZone(ZoneOffset.UTC).toLocalDate();
  }
}
