package io.steward.registry.tables;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.StructType;

/** Every table of the warehouse, in the order they are created. */
public final class StewardTables {
  private StewardTables() {}

  public static final String SCHEMA = "steward";

  private static final Map<String, String> DEFAULTS =
      Map.of("delta.autoOptimize.optimizeWrite", "false");

  public static final TableDef SCHEMA_MIGRATIONS =
      new TableDef(
          "schema_migrations",
          "one row per applied warehouse migration; the highest version is the schema version",
          new StructType()
              .add("version", IntegerType, false)
              .add("description", StringType, false)
              .add("applied_at", TimestampType, false)
              .add("applied_by", StringType, false)
              .add("steward_version", StringType, false),
          Map.of("delta.appendOnly", "true"));

  public static final TableDef MONITORS =
      new TableDef(
          "monitors",
          "every monitor spec ever registered; the active row of a model is its current spec",
          new StructType()
              .add("model_id", StringType, false)
              .add("registration_id", StringType, false)
              .add("active", BooleanType, false)
              .add("registered_at", TimestampType, false)
              .add("registered_by", StringType, false)
              .add("superseded_at", TimestampType, true)
              .add("spec_source", StringType, false)
              .add("spec_sha256", StringType, false)
              .add("spec_yaml", StringType, false)
              .add("predictions_table", StringType, false)
              .add("baseline_table", StringType, false),
          DEFAULTS);

  public static final TableDef BASELINES =
      new TableDef(
          "baselines",
          "per model and feature: bin edges or categories, reference proportions, min and max,"
              + " pinned to a Delta version of the training snapshot",
          new StructType()
              .add("model_id", StringType, false)
              .add("baseline_id", StringType, false)
              .add("model_version", StringType, true)
              .add("feature", StringType, false)
              .add("feature_type", StringType, false)
              .add("position", IntegerType, false)
              .add("edges", createArrayType(DoubleType, false), false)
              .add("categories", createArrayType(StringType, false), false)
              .add("known_categories", createArrayType(StringType, false), true)
              .add("expected", createArrayType(DoubleType, false), false)
              .add("min", DoubleType, true)
              .add("max", DoubleType, true)
              .add("non_missing_count", LongType, false)
              .add("snapshot_table", StringType, false)
              .add("snapshot_version", LongType, false)
              .add("snapshot_row_count", LongType, false)
              .add("spec_sha256", StringType, false)
              .add("built_at", TimestampType, false)
              .add("built_by", StringType, false),
          DEFAULTS);

  public static final TableDef FEATURE_DRIFT =
      new TableDef(
          "feature_drift",
          "PSI and data-quality rates per model version, window and feature",
          new StructType()
              .add("run_id", StringType, false)
              .add("model_id", StringType, false)
              .add("model_version", StringType, true)
              .add("window_start", TimestampType, false)
              .add("window_end", TimestampType, false)
              .add("granularity", StringType, false)
              .add("feature", StringType, false)
              .add("feature_type", StringType, false)
              .add("psi", DoubleType, true)
              .add("psi_band", StringType, true)
              .add("missing_rate", DoubleType, true)
              .add("out_of_range_rate", DoubleType, true)
              .add("new_category_rate", DoubleType, true)
              .add("row_count", LongType, false)
              .add("non_missing_count", LongType, false)
              .add("baseline_id", StringType, false)
              .add("baseline_table", StringType, false)
              .add("baseline_version", LongType, false)
              .add("baseline_row_count", LongType, false)
              .add("bin_count", IntegerType, false)
              .add("epsilon", DoubleType, false)
              .add("computed_at", TimestampType, false),
          DEFAULTS);

  public static final StructType JOB_INPUT =
      new StructType()
          .add("table", StringType, true)
          .add("delta_version", LongType, true)
          .add("rows_read", LongType, true);

  public static final TableDef JOB_RUNS =
      new TableDef(
          "job_runs",
          "one row per run of a job: window, inputs and their Delta versions, rows, status, time",
          new StructType()
              .add("run_id", StringType, false)
              .add("command", StringType, false)
              .add("models", createArrayType(StringType, false), false)
              .add("granularity", StringType, true)
              .add("window_start", TimestampType, true)
              .add("window_end", TimestampType, true)
              .add("inputs", createArrayType(JOB_INPUT, true), false)
              .add("rows_read", LongType, true)
              .add("status", StringType, false)
              .add("message", StringType, true)
              .add("error", StringType, true)
              .add("started_at", TimestampType, false)
              .add("finished_at", TimestampType, true)
              .add("duration_ms", LongType, true)
              .add("run_by", StringType, false)
              .add("host", StringType, false)
              .add("steward_version", StringType, false),
          DEFAULTS);

  /** All tables, in creation order. */
  public static final List<TableDef> ALL =
      List.of(SCHEMA_MIGRATIONS, MONITORS, BASELINES, FEATURE_DRIFT, JOB_RUNS);
}
