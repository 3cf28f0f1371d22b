package io.steward.registry.tables;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createMapType;

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
              .add("built_by", StringType, false)
              .add("performance", createMapType(StringType, DoubleType, false), true),
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
          .add("rows_read", LongType, true)
          .add("scans", IntegerType, true)
          .add("role", StringType, true);

  /** Input rows a run counted as bad and reported (and left out where they would mislead). */
  public static final StructType JOB_REJECTED =
      new StructType()
          .add("model_id", StringType, true)
          .add("reason", StringType, true)
          .add("rows", LongType, true);

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
              .add("steward_version", StringType, false)
              .add("rejected", createArrayType(JOB_REJECTED, true), true)
              .add("trail_head", StringType, true),
          DEFAULTS);

  /** The columns every results table starts with: which run, model version and window. */
  private static StructType resultColumns() {
    return new StructType()
        .add("run_id", StringType, false)
        .add("model_id", StringType, false)
        .add("model_version", StringType, true)
        .add("window_start", TimestampType, false)
        .add("window_end", TimestampType, false)
        .add("granularity", StringType, false);
  }

  public static final TableDef PERFORMANCE_METRICS =
      new TableDef(
          "performance_metrics",
          "one row per model version, window, metric and slice group: the value against the"
              + " baseline, its 95% interval, the labelled rows it rests on and the label coverage",
          resultColumns()
              .add("metric", StringType, false)
              .add("slice_column", StringType, true)
              .add("slice_value", StringType, true)
              .add("value", DoubleType, true)
              .add("baseline_value", DoubleType, true)
              .add("delta", DoubleType, true)
              .add("ci_low", DoubleType, true)
              .add("ci_high", DoubleType, true)
              .add("n", LongType, false)
              .add("label_coverage", DoubleType, true)
              .add("row_count", LongType, false)
              .add("computed_at", TimestampType, false),
          DEFAULTS);

  public static final TableDef FAIRNESS_METRICS =
      new TableDef(
          "fairness_metrics",
          "one row per model version, window, protected attribute (or intersection), group and"
              + " metric; groups below min_group_size are listed as suppressed and never computed",
          resultColumns()
              .add("attribute", StringType, false)
              .add("group_value", StringType, true)
              .add("metric", StringType, false)
              .add("value", DoubleType, true)
              .add("ci_low", DoubleType, true)
              .add("ci_high", DoubleType, true)
              .add("suppressed", BooleanType, false)
              .add("min_group_size", IntegerType, false)
              .add("computed_at", TimestampType, false),
          DEFAULTS);

  public static final TableDef SHADOW_COMPARISONS =
      new TableDef(
          "shadow_comparisons",
          "one row per model, champion version, challenger version and window: the pairs matched"
              + " by prediction id, how far the two versions differ, each one's performance and"
              + " parity on the pairs, and the verdict drawn from them",
          new StructType()
              .add("run_id", StringType, false)
              .add("model_id", StringType, false)
              .add("champion_version", StringType, false)
              .add("challenger_version", StringType, false)
              .add("window_start", TimestampType, false)
              .add("window_end", TimestampType, false)
              .add("granularity", StringType, false)
              .add("watching", BooleanType, false)
              .add("pairs", LongType, false)
              .add("coverage", DoubleType, true)
              .add("agreement", DoubleType, true)
              .add("agreement_ci_low", DoubleType, true)
              .add("agreement_ci_high", DoubleType, true)
              .add("mean_abs_diff", DoubleType, true)
              .add("p95_abs_diff", DoubleType, true)
              .add("score_psi", DoubleType, true)
              .add("champion_auc", DoubleType, true)
              .add("champion_auc_ci_low", DoubleType, true)
              .add("champion_auc_ci_high", DoubleType, true)
              .add("challenger_auc", DoubleType, true)
              .add("challenger_auc_ci_low", DoubleType, true)
              .add("challenger_auc_ci_high", DoubleType, true)
              .add("labelled_pairs", LongType, false)
              .add("champion_parity", createMapType(StringType, DoubleType), true)
              .add("challenger_parity", createMapType(StringType, DoubleType), true)
              .add("material_discrepancy", BooleanType, false)
              .add("enough_pairs", BooleanType, false)
              .add("verdict", StringType, false)
              .add("reasons", createArrayType(StringType), false)
              .add("computed_at", TimestampType, false),
          DEFAULTS);

  public static final TableDef OPERATIONAL_METRICS =
      new TableDef(
          "operational_metrics",
          "one row per model version (or model, where model_version is null), window, metric and"
              + " dimension: latency, errors, throughput, freshness, completeness",
          resultColumns()
              .add("metric", StringType, false)
              .add("dimension", StringType, true)
              .add("dimension_value", StringType, true)
              .add("value", DoubleType, true)
              .add("threshold", DoubleType, true)
              .add("computed_at", TimestampType, false),
          DEFAULTS);

  public static final TableDef MODELS =
      new TableDef(
          "models",
          "the model inventory: one row per model with its owner, risk tier and lifecycle stage",
          new StructType()
              .add("model_id", StringType, false)
              .add("name", StringType, false)
              .add("use_case", StringType, false)
              .add("success_criteria", StringType, false)
              .add("data_sources", createArrayType(StringType, false), false)
              .add("owner", StringType, false)
              .add("risk_tier", StringType, false)
              .add("regulations", createArrayType(StringType, false), false)
              .add("stage", StringType, false)
              .add("champion_version", StringType, true)
              .add("created_at", TimestampType, false)
              .add("created_by", StringType, false)
              .add("updated_at", TimestampType, false)
              .add("updated_by", StringType, false),
          DEFAULTS);

  public static final TableDef MODEL_VERSIONS =
      new TableDef(
          "model_versions",
          "one row per model version: training lineage pinned to a Delta version, parameters,"
              + " metrics, developer, deployment, and the version's own stage",
          new StructType()
              .add("model_id", StringType, false)
              .add("version", StringType, false)
              .add("stage", StringType, false)
              .add("training_table", StringType, false)
              .add("training_version", LongType, false)
              .add("params", createMapType(StringType, StringType, false), false)
              .add("metrics", createMapType(StringType, DoubleType, false), false)
              .add("run_uri", StringType, true)
              .add("developer", StringType, false)
              .add("deployment_env", StringType, true)
              .add("endpoint", StringType, true)
              .add("dashboard_url", StringType, true)
              .add("created_at", TimestampType, false)
              .add("updated_at", TimestampType, false),
          DEFAULTS);

  public static final TableDef ARTIFACTS =
      new TableDef(
          "artifacts",
          "lifecycle evidence: MDP, bias tests, validation reports, runbooks, retirement plans",
          new StructType()
              .add("artifact_id", StringType, false)
              .add("model_id", StringType, false)
              .add("version", StringType, true)
              .add("kind", StringType, false)
              .add("uri", StringType, false)
              .add("outcome", StringType, true)
              .add("note", StringType, true)
              .add("details", createMapType(StringType, StringType, false), false)
              .add("added_by", StringType, false)
              .add("added_at", TimestampType, false),
          Map.of("delta.appendOnly", "true"));

  public static final TableDef PRINCIPALS =
      new TableDef(
          "principals",
          "who holds which role; a revoked grant stays, inactive",
          new StructType()
              .add("user", StringType, false)
              .add("role", StringType, false)
              .add("active", BooleanType, false)
              .add("granted_by", StringType, false)
              .add("granted_at", TimestampType, false)
              .add("revoked_by", StringType, true)
              .add("revoked_at", TimestampType, true),
          DEFAULTS);

  public static final TableDef POLICIES =
      new TableDef(
          "policies",
          "the gate policy in force: the latest row wins",
          new StructType()
              .add("policy_id", StringType, false)
              .add("yaml", StringType, false)
              .add("set_by", StringType, false)
              .add("set_at", TimestampType, false),
          Map.of("delta.appendOnly", "true"));

  public static final TableDef LIFECYCLE_EVENTS =
      new TableDef(
          "lifecycle_events",
          "the append-only audit trail: every registration, approval, transition, override and"
              + " refusal, each hash-chained to the one before",
          new StructType()
              .add("seq", LongType, false)
              .add("event_id", StringType, false)
              .add("at", TimestampType, false)
              .add("actor", StringType, false)
              .add("event_type", StringType, false)
              .add("model_id", StringType, true)
              .add("version", StringType, true)
              .add("from_stage", StringType, true)
              .add("to_stage", StringType, true)
              .add("reason", StringType, true)
              .add("evidence", StringType, true)
              .add("prev_hash", StringType, false)
              .add("hash", StringType, false)
              .add("effect", StringType, true),
          Map.of("delta.appendOnly", "true"));

  public static final TableDef ALERTS =
      new TableDef(
          "alerts",
          "one row per alert episode of a model version, rule and feature or subgroup: its status,"
              + " severity, first and last breaching night, worst and latest value, threshold,"
              + " owner, evidence, who acknowledged or resolved it, and the notification's delivery",
          new StructType()
              .add("alert_id", StringType, false)
              .add("model_id", StringType, false)
              .add("model_version", StringType, true)
              .add("rule", StringType, false)
              .add("subject", StringType, false)
              .add("status", StringType, false)
              .add("severity", StringType, false)
              .add("first_breach", DateType, false)
              .add("last_breach", DateType, false)
              .add("opened_on", DateType, false)
              .add("resolved_on", DateType, true)
              .add("consecutive", IntegerType, false)
              .add("worst_value", DoubleType, true)
              .add("latest_value", DoubleType, true)
              .add("threshold", DoubleType, true)
              .add("ci_used", BooleanType, false)
              .add("owner", StringType, true)
              .add("evidence", createArrayType(StringType, false), false)
              .add("run_id", StringType, false)
              .add("updated_at", TimestampType, false)
              .add("acknowledged_by", StringType, true)
              .add("acknowledged_at", TimestampType, true)
              .add("resolved_by", StringType, true)
              .add("action_reason", StringType, true)
              .add("notify_status", StringType, true)
              .add("notify_attempts", IntegerType, false)
              .add("notified_at", TimestampType, true)
              .add("notify_error", StringType, true),
          DEFAULTS);

  public static final TableDef TRIGGERS =
      new TableDef(
          "triggers",
          "one row per retraining, rollback, retirement, zombie or unregistered-model trigger:"
              + " its kind and reason, status, evidence, owner, due date, and who actioned or"
              + " dismissed it",
          new StructType()
              .add("trigger_id", StringType, false)
              .add("model_id", StringType, false)
              .add("model_version", StringType, true)
              .add("kind", StringType, false)
              .add("reason", StringType, false)
              .add("status", StringType, false)
              .add("raised_at", TimestampType, false)
              .add("raised_by", StringType, false)
              .add("run_id", StringType, false)
              .add("evidence", StringType, false)
              .add("owner", StringType, true)
              .add("due_date", DateType, false)
              .add("escalated", BooleanType, false)
              .add("updated_at", TimestampType, false)
              .add("closed_at", TimestampType, true)
              .add("closed_by", StringType, true)
              .add("close_reason", StringType, true)
              .add("notify_status", StringType, true)
              .add("notify_attempts", IntegerType, false)
              .add("notified_at", TimestampType, true)
              .add("notify_error", StringType, true),
          DEFAULTS);

  /** Tables that change only through steward's own commands, never through steward sql. */
  public static final List<TableDef> REGISTRY =
      List.of(
          SCHEMA_MIGRATIONS,
          MONITORS,
          BASELINES,
          MODELS,
          MODEL_VERSIONS,
          ARTIFACTS,
          PRINCIPALS,
          POLICIES,
          LIFECYCLE_EVENTS,
          ALERTS,
          TRIGGERS);

  /** All tables, in creation order. */
  public static final List<TableDef> ALL =
      List.of(
          SCHEMA_MIGRATIONS,
          MONITORS,
          BASELINES,
          FEATURE_DRIFT,
          JOB_RUNS,
          MODELS,
          MODEL_VERSIONS,
          ARTIFACTS,
          PRINCIPALS,
          POLICIES,
          LIFECYCLE_EVENTS,
          PERFORMANCE_METRICS,
          FAIRNESS_METRICS,
          OPERATIONAL_METRICS,
          ALERTS,
          TRIGGERS,
          SHADOW_COMPARISONS);
}
