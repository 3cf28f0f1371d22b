package io.steward.registry.store;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import io.steward.common.decisions.Rule;
import io.steward.common.domain.Granularity;
import io.steward.registry.tables.StewardTables;
import io.steward.registry.tables.TableDef;
import io.steward.registry.warehouse.ConcurrentJobs;
import io.steward.registry.warehouse.Warehouse;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads the DAY rows of the four results tables that the nightly rules ({@link Rule}) judge: every
 * night of some models, as small typed rows. Only the rows and columns a rule reads are selected
 * (the overall rows of {@code performance_metrics} and {@code operational_metrics}, the attribute
 * rows of {@code fairness_metrics}); the four reads run at once and their rows (a few per model,
 * night and feature) are collected to the driver.
 */
public final class RuleRows {
  private RuleRows() {}

  /**
   * One figure a rule may judge, as stored.
   *
   * @param table the results table ({@link Rule#resultTable()})
   * @param metric the {@code metric} value, or for {@code feature_drift} the column ({@code psi},
   *     {@code missing_rate}, {@code out_of_range_rate})
   * @param subject the feature ({@code feature_drift}), the attribute ({@code fairness_metrics}),
   *     else null
   * @param night the DAY window's start date (UTC)
   * @param baseline {@code performance_metrics.baseline_value}; else null
   * @param n {@code performance_metrics.n}; else null
   */
  public record Figure(
      String table,
      String runId,
      String modelId,
      String modelVersion,
      LocalDate night,
      String metric,
      String subject,
      Double value,
      Double baseline,
      Double ciLow,
      Double ciHigh,
      Long n) {
    public Figure {
      if (table == null || runId == null || modelId == null || night == null || metric == null) {
        throw new IllegalArgumentException("a rule row needs its table, run, model, night, metric");
      }
    }

    /**
     * Names the row for an alert's evidence, as {@code table[run_id=.., model_version=..,
     * window_start=.., key=..]} with the feature, the attribute and metric, or the metric.
     */
    public String evidence() {
      String key =
          table.equals(StewardTables.FEATURE_DRIFT.name())
              ? "feature=" + subject
              : table.equals(StewardTables.FAIRNESS_METRICS.name())
                  ? "attribute=" + subject + ", metric=" + metric
                  : "metric=" + metric;
      return table
          + "[run_id="
          + runId
          + (modelVersion == null ? "" : ", model_version=" + modelVersion)
          + ", window_start="
          + night
          + ", "
          + key
          + "]";
    }
  }

  /** Every DAY row of {@code models} that a rule reads, over all their nights. */
  public static List<Figure> day(SparkSession spark, Warehouse warehouse, List<String> models) {
    return day(spark, t -> TableWriter.read(spark, warehouse, t), models);
  }

  /**
   * The same figures from rows not (yet) stored: a run's results as {@link ResultsStore#stamped}
   * makes them, judged in memory (the alert self-test).
   */
  public static List<Figure> day(
      SparkSession spark, Map<TableDef, Dataset<Row>> results, List<String> models) {
    return day(spark, results::get, models);
  }

  private static List<Figure> day(
      SparkSession spark, Function<TableDef, Dataset<Row>> tables, List<String> models) {
    List<Callable<List<Figure>>> reads =
        List.of(
            () -> drift(tables, models),
            () -> performance(tables, models),
            () -> fairness(tables, models),
            () -> operational(tables, models));
    List<Figure> out = new ArrayList<>();
    ConcurrentJobs.all(spark, "reading the results for the rules", reads).forEach(out::addAll);
    return out;
  }

  /**
   * The latest DAY night with results of {@code modelId} (its model-level operational rows, written
   * every night it is computed), or null before its first.
   */
  public static LocalDate latestNight(SparkSession spark, Warehouse warehouse, String modelId) {
    Row r =
        days(
                TableWriter.read(spark, warehouse, StewardTables.OPERATIONAL_METRICS),
                List.of(modelId))
            .agg(max("window_start"))
            .first();
    return r.isNullAt(0) ? null : night(r.getTimestamp(0));
  }

  private static List<Figure> drift(Function<TableDef, Dataset<Row>> tables, List<String> models) {
    TableDef t = StewardTables.FEATURE_DRIFT;
    List<String> columns = metrics(t);
    List<String> select = new ArrayList<>(List.of("run_id", "model_id", "model_version"));
    select.addAll(List.of("window_start", "feature"));
    select.addAll(columns);
    List<Figure> out = new ArrayList<>();
    for (Row r :
        days(tables.apply(t), models).selectExpr(select.toArray(String[]::new)).collectAsList()) {
      for (int i = 0; i < columns.size(); i++) {
        out.add(
            new Figure(
                t.name(),
                r.getString(0),
                r.getString(1),
                r.getString(2),
                night(r.getTimestamp(3)),
                columns.get(i),
                r.getString(4),
                r.isNullAt(5 + i) ? null : r.getDouble(5 + i),
                null,
                null,
                null,
                null));
      }
    }
    return out;
  }

  private static List<Figure> performance(
      Function<TableDef, Dataset<Row>> tables, List<String> models) {
    return overall(
        tables,
        models,
        StewardTables.PERFORMANCE_METRICS,
        "slice_column",
        null,
        "baseline_value",
        true,
        "n");
  }

  private static List<Figure> fairness(
      Function<TableDef, Dataset<Row>> tables, List<String> models) {
    return overall(
        tables,
        models,
        StewardTables.FAIRNESS_METRICS,
        "group_value",
        "attribute",
        null,
        true,
        null);
  }

  private static List<Figure> operational(
      Function<TableDef, Dataset<Row>> tables, List<String> models) {
    return overall(
        tables, models, StewardTables.OPERATIONAL_METRICS, "dimension", null, null, false, null);
  }

  /**
   * The rows a rule reads from a table of one row per metric: the DAY rows of {@code models} whose
   * {@code breakdown} column is null (the overall rows, or per attribute for fairness) and whose
   * metric a rule judges; a column given as null is not in the table and reads as null.
   */
  private static List<Figure> overall(
      Function<TableDef, Dataset<Row>> tables,
      List<String> models,
      TableDef t,
      String breakdown,
      String subject,
      String baseline,
      boolean intervals,
      String n) {
    Column none = lit(null);
    List<Figure> out = new ArrayList<>();
    for (Row r :
        days(tables.apply(t), models)
            .where(col(breakdown).isNull().and(col("metric").isin(metrics(t).toArray())))
            .select(
                col("run_id"),
                col("model_id"),
                col("model_version"),
                col("window_start"),
                col("metric"),
                subject == null ? none.cast("string") : col(subject),
                col("value"),
                baseline == null ? none.cast("double") : col(baseline),
                intervals ? col("ci_low") : none.cast("double"),
                intervals ? col("ci_high") : none.cast("double"),
                n == null ? none.cast("long") : col(n))
            .collectAsList()) {
      out.add(
          new Figure(
              t.name(),
              r.getString(0),
              r.getString(1),
              r.getString(2),
              night(r.getTimestamp(3)),
              r.getString(4),
              r.getString(5),
              number(r, 6),
              number(r, 7),
              number(r, 8),
              number(r, 9),
              r.isNullAt(10) ? null : r.getLong(10)));
    }
    return out;
  }

  /** The DAY rows of {@code models} in a table's rows. */
  private static Dataset<Row> days(Dataset<Row> rows, List<String> models) {
    Column day = col("granularity").equalTo(Granularity.DAY.name());
    return rows.where(day.and(col("model_id").isin(models.toArray())));
  }

  /** The metrics (or, for feature_drift, the columns) the rules read in {@code table}. */
  private static List<String> metrics(TableDef table) {
    return Arrays.stream(Rule.values())
        .filter(r -> r.resultTable().equals(table.name()))
        .map(Rule::metric)
        .distinct()
        .toList();
  }

  private static Double number(Row r, int i) {
    return r.isNullAt(i) ? null : r.getDouble(i);
  }

  private static LocalDate night(Timestamp windowStart) {
    return windowStart.toInstant().atZone(ZoneOffset.UTC).toLocalDate();
  }
}
