package io.steward.registry.store;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.when;

import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.steward.common.domain.Granularity;
import io.steward.common.errors.Errors;
import io.steward.registry.tables.StewardTables;
import io.steward.registry.tables.TableDef;
import io.steward.registry.warehouse.SmallTables;
import io.steward.registry.warehouse.Warehouse;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The nightly run's reads and writes of the four results tables ({@code feature_drift}, {@code
 * performance_metrics}, {@code fairness_metrics}, {@code operational_metrics}): the model-level
 * figures of earlier windows, and the replacement of a run's windows. Driver only.
 */
public final class ResultsStore {
  private ResultsStore() {}

  /**
   * A model-level figure of a window (model version null) as stored in {@code operational_metrics}.
   */
  public record ModelFigure(
      String modelId, Granularity granularity, Instant windowStart, String metric, double value) {}

  /**
   * The windows a run computes for some models: its results replace exactly these windows' rows.
   *
   * @param days the DAY windows, by their first day
   * @param weeks the WEEK windows, by their Monday
   */
  public record RunWindows(
      List<String> models, SortedSet<LocalDate> days, SortedSet<LocalDate> weeks) {
    public RunWindows {
      models = List.copyOf(models);
      days = new TreeSet<>(days);
      weeks = new TreeSet<>(weeks);
    }

    /** The SQL predicate selecting these windows' results rows. */
    String predicate() {
      List<String> parts = new ArrayList<>();
      if (!days.isEmpty()) {
        parts.add(window(Granularity.DAY, days));
      }
      if (!weeks.isEmpty()) {
        parts.add(window(Granularity.WEEK, weeks));
      }
      return "("
          + String.join(" OR ", parts)
          + ") AND model_id IN ("
          + models.stream().map(TableWriter::literal).collect(Collectors.joining(", "))
          + ")";
    }

    private static String window(Granularity granularity, SortedSet<LocalDate> starts) {
      return "(granularity = '"
          + granularity.name()
          + "' AND window_start IN ("
          + starts.stream()
              .map(d -> "TIMESTAMP '" + d.atStartOfDay(ZoneOffset.UTC).toInstant() + "'")
              .collect(Collectors.joining(", "))
          + "))";
    }
  }

  /**
   * A run's results rows, one dataset per table, each with the table's columns except {@code
   * run_id}, {@code window_end} and {@code computed_at}, which {@link #replace} stamps.
   *
   * @param shadow shadow mode's comparisons; null when no model of the run is in shadow mode (the
   *     table is then left alone)
   */
  public record RunResults(
      Dataset<Row> drift,
      Dataset<Row> performance,
      Dataset<Row> fairness,
      Dataset<Row> operational,
      Dataset<Row> shadow) {}

  /**
   * The stored {@code row_count} and {@code freshness_hours} of the model-level windows of {@code
   * models} starting at or after {@code from} (null values left out); a few rows per model.
   */
  public static List<ModelFigure> modelLevelHistory(
      SparkSession spark, Warehouse warehouse, List<String> models, Instant from) {
    List<ModelFigure> out = new ArrayList<>();
    for (Row r :
        TableWriter.read(spark, warehouse, StewardTables.OPERATIONAL_METRICS)
            .where(
                col("model_version")
                    .isNull()
                    .and(col("model_id").isin(models.toArray()))
                    .and(col("metric").isin("row_count", "freshness_hours"))
                    .and(col("window_start").geq(lit(Timestamp.from(from)))))
            .select("model_id", "granularity", "window_start", "metric", "value")
            .collectAsList()) {
      if (!r.isNullAt(4)) {
        out.add(
            new ModelFigure(
                r.getString(0),
                Granularity.valueOf(r.getString(1)),
                r.getTimestamp(2).toInstant(),
                r.getString(3),
                r.getDouble(4)));
      }
    }
    return out;
  }

  /** A night's worst feature drift of one model version: the feature, its PSI and band. */
  public record WorstDrift(
      String version, LocalDate night, String feature, double psi, String band) {}

  /**
   * The worst feature drift of each DAY night of {@code modelId}, per version, oldest first: one
   * small aggregate of {@code feature_drift}, for the dossier's chart.
   */
  public static List<WorstDrift> worstDriftByNight(
      SparkSession spark, Warehouse warehouse, String modelId) {
    List<WorstDrift> out = new ArrayList<>();
    for (Row r :
        TableWriter.read(spark, warehouse, StewardTables.FEATURE_DRIFT)
            .where(
                col("model_id")
                    .equalTo(modelId)
                    .and(col("granularity").equalTo(Granularity.DAY.name()))
                    .and(col("psi").isNotNull()))
            .groupBy("model_version", "window_start")
            .agg(
                max_by(col("feature"), col("psi")),
                max(col("psi")),
                max_by(col("psi_band"), col("psi")))
            .orderBy("window_start", "model_version")
            .collectAsList()) {
      out.add(
          new WorstDrift(
              r.getString(0),
              r.getTimestamp(1).toInstant().atZone(ZoneOffset.UTC).toLocalDate(),
              r.getString(2),
              r.getDouble(3),
              r.getString(4)));
    }
    return out;
  }

  /**
   * Replaces every results row of {@code windows} with {@code results}, stamped with the run, the
   * window's end and the time: one Delta commit per table (four, five with shadow mode), run at
   * once ({@link TableWriter#replaceAll}).
   */
  public static void replace(
      Warehouse warehouse, String runId, RunResults results, List<RunWindows> windows) {
    replace(warehouse, runId, null, results, windows);
  }

  /**
   * {@link #replace}, as run {@code runId} that started at {@code startedAt}. Runs of the same
   * windows and models are ordered by their start: each table's commit is tagged as an idempotent
   * Delta write of those windows ({@link #claimId}) at the run's start in microseconds, so of two
   * runs committing the same nights at once (two hosts, no shared lock) Delta refuses one commit
   * per table, the refused one is tried again, and a run that started earlier than one already
   * committed is skipped. Every table ends with the results of the latest run; a run overtaken so
   * is told so and nothing of it stays.
   *
   * @param startedAt null for an untagged write (no ordering between runs)
   * @throws io.steward.common.errors.StewardException when a run started later committed these
   *     windows first
   */
  public static void replace(
      Warehouse warehouse,
      String runId,
      Instant startedAt,
      RunResults results,
      List<RunWindows> windows) {
    String predicate =
        windows.stream().map(w -> "(" + w.predicate() + ")").collect(Collectors.joining(" OR "));
    Map<TableDef, Dataset<Row>> writes = stamped(results, runId);
    if (startedAt == null) {
      TableWriter.replaceAll(warehouse, writes, predicate);
      return;
    }
    String appId = claimId(predicate);
    long version = ChronoUnit.MICROS.between(Instant.EPOCH, startedAt);
    TableWriter.replaceAll(
        warehouse,
        writes,
        predicate,
        Map.of("txnAppId", appId, "txnVersion", Long.toString(version)));
    if (writes.isEmpty()) {
      return;
    }
    SparkSession spark = writes.values().iterator().next().sparkSession();
    for (TableDef t : writes.keySet()) {
      Snapshot s =
          TableManager.loadSnapshot(warehouse.location(t)).build(SmallTables.engine(spark));
      long latest = s.getLatestTransactionVersion(SmallTables.engine(spark), appId).orElse(version);
      if (latest > version) {
        throw Errors.resultsOvertaken(
            t.qualifiedName(), Instant.EPOCH.plus(latest, ChronoUnit.MICROS).toString());
      }
    }
  }

  /**
   * The Delta application id of a set of windows: runs writing the same windows of the same models
   * are ordered under it; runs of other windows are independent of it.
   */
  static String claimId(String predicate) {
    return "steward.results." + MonitorStore.sha256(predicate).substring(0, 32);
  }

  /**
   * A run's results rows by table as they would be stored: stamped with the run, the window's end
   * and the time (the shadow table only when the run has it).
   */
  public static Map<TableDef, Dataset<Row>> stamped(RunResults results, String runId) {
    Map<TableDef, Dataset<Row>> out = new LinkedHashMap<>();
    out.put(StewardTables.FEATURE_DRIFT, stamped(results.drift(), runId));
    out.put(StewardTables.PERFORMANCE_METRICS, stamped(results.performance(), runId));
    out.put(StewardTables.FAIRNESS_METRICS, stamped(results.fairness(), runId));
    out.put(StewardTables.OPERATIONAL_METRICS, stamped(results.operational(), runId));
    if (results.shadow() != null) {
      out.put(StewardTables.SHADOW_COMPARISONS, stamped(results.shadow(), runId));
    }
    return out;
  }

  /** Results rows stamped with the run, the window's end and the time they were computed. */
  private static Dataset<Row> stamped(Dataset<Row> rows, String runId) {
    Column windowEnd =
        when(
                col("granularity").equalTo(Granularity.WEEK.name()),
                expr("window_start + INTERVAL 7 DAYS"))
            .otherwise(expr("window_start + INTERVAL 1 DAY"));
    return rows.withColumn("run_id", lit(runId))
        .withColumn("window_end", windowEnd)
        .withColumn("computed_at", current_timestamp());
  }
}
