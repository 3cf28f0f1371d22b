package io.steward.registry.tables;

import java.util.List;

/**
 * The views analysts query: the questions people ask of the warehouse, answered once in SQL over
 * the tables of {@link StewardTables} so that a notebook, the report and an ad-hoc query agree.
 * Each view reads {@code <schema>.<table>} names, so the same definition serves Steward's own
 * sessions (schema {@code steward}) and a metastore under any schema ({@code steward catalog ddl}).
 * A view holds no data: Delta stores none, so the definitions live here and are registered in each
 * session that runs analysts' SQL, written to the warehouse for notebooks ({@code
 * steward/_views.json}) and printed by {@code catalog ddl} for a shared catalog.
 */
public final class StewardViews {
  private StewardViews() {}

  /**
   * A view: its name in the schema, what a row is, and its query with {@code {s}} for the schema.
   */
  public record ViewDef(String name, String description, String query) {
    public ViewDef {
      if (query.contains(";")) {
        throw new IllegalArgumentException("a view's query holds no ';': " + name);
      }
    }

    /** The query over the tables of {@code schema} (already quoted as SQL needs it). */
    public String query(String schema) {
      return query.replace("{s}", schema);
    }
  }

  /** Rows of the models a night judges: the serving (champion) version once there is one. */
  private static final String SERVING =
      "(m.champion_version IS NULL OR r.model_version = m.champion_version)";

  public static final ViewDef MODEL_STATUS =
      new ViewDef(
          "model_status",
          "One row per model (registered, monitored, or found scoring unregistered): stage, tier and owner; the worst"
              + " feature drift of its latest night; its headline performance (AUC, or RMSE for a"
              + " regression) on the latest night with at least half of its labels in, against the"
              + " registered baseline, with"
              + " its confidence interval; the worst demographic parity ratio of the latest night;"
              + " and its open alerts and triggers.",
          """
          WITH ids AS (
            SELECT model_id FROM {s}.models
            UNION SELECT model_id FROM {s}.monitors WHERE active
            UNION SELECT model_id FROM {s}.triggers
              WHERE kind = 'UNREGISTERED' AND status = 'OPEN'
          ),
          drift AS (
            SELECT r.model_id, r.feature, r.psi, r.psi_band, to_date(r.window_start) AS night,
              row_number() OVER (PARTITION BY r.model_id
                ORDER BY r.window_start DESC, r.psi DESC NULLS LAST) AS rank
            FROM {s}.feature_drift r LEFT JOIN {s}.models m ON r.model_id = m.model_id
            WHERE r.granularity = 'DAY' AND SERVING
          ),
          perf AS (
            SELECT r.model_id, r.metric, r.value, r.baseline_value, r.delta, r.ci_low, r.ci_high,
              to_date(r.window_start) AS night,
              row_number() OVER (PARTITION BY r.model_id
                ORDER BY r.window_start DESC, CASE r.metric WHEN 'auc' THEN 0 ELSE 1 END) AS rank
            FROM {s}.performance_metrics r LEFT JOIN {s}.models m ON r.model_id = m.model_id
            WHERE r.granularity = 'DAY' AND r.slice_column IS NULL
              AND r.metric IN ('auc', 'rmse') AND r.value IS NOT NULL
              AND coalesce(r.label_coverage, 1) >= 0.5 AND SERVING
          ),
          parity AS (
            SELECT r.model_id, r.attribute, r.value,
              row_number() OVER (PARTITION BY r.model_id
                ORDER BY r.window_start DESC, r.value ASC) AS rank
            FROM {s}.fairness_metrics r LEFT JOIN {s}.models m ON r.model_id = m.model_id
            WHERE r.granularity = 'DAY' AND r.metric = 'demographic_parity_ratio'
              AND NOT r.suppressed AND r.value IS NOT NULL AND SERVING
          ),
          alerts AS (
            SELECT model_id, count(*) AS open_alerts,
              count_if(severity = 'CRITICAL') AS critical_alerts
            FROM {s}.alerts WHERE status <> 'RESOLVED' GROUP BY model_id
          ),
          triggers AS (
            SELECT model_id, count(*) AS open_triggers,
              array_join(array_sort(collect_set(kind)), ', ') AS trigger_kinds
            FROM {s}.triggers WHERE status = 'OPEN' GROUP BY model_id
          )
          SELECT i.model_id, m.name, coalesce(m.stage, 'UNREGISTERED') AS stage, m.risk_tier,
            m.owner, m.champion_version,
            d.night AS drift_night, d.feature AS worst_feature, d.psi AS worst_psi,
            d.psi_band AS worst_psi_band,
            p.night AS performance_night, p.metric AS performance_metric,
            p.value AS performance, p.ci_low AS performance_ci_low,
            p.ci_high AS performance_ci_high, p.baseline_value AS performance_baseline,
            p.delta AS performance_delta,
            f.attribute AS worst_parity_attribute, f.value AS worst_parity_ratio,
            coalesce(a.open_alerts, 0) AS open_alerts,
            coalesce(a.critical_alerts, 0) AS critical_alerts,
            coalesce(t.open_triggers, 0) AS open_triggers, t.trigger_kinds
          FROM ids i
          LEFT JOIN {s}.models m ON m.model_id = i.model_id
          LEFT JOIN drift d ON d.model_id = i.model_id AND d.rank = 1
          LEFT JOIN perf p ON p.model_id = i.model_id AND p.rank = 1
          LEFT JOIN parity f ON f.model_id = i.model_id AND f.rank = 1
          LEFT JOIN alerts a ON a.model_id = i.model_id
          LEFT JOIN triggers t ON t.model_id = i.model_id
          """
              .replace("SERVING", SERVING));

  public static final ViewDef DRIFT_HISTORY =
      new ViewDef(
          "drift_history",
          "Feature drift over time: one row per model, version, window and feature (the score"
              + " too), with the night the window starts on.",
          """
          SELECT model_id, model_version, granularity, to_date(window_start) AS night,
            window_start, window_end, feature, feature_type, psi, psi_band, missing_rate,
            out_of_range_rate, new_category_rate, row_count, baseline_id, baseline_version
          FROM {s}.feature_drift
          """);

  public static final ViewDef PERFORMANCE_HISTORY =
      new ViewDef(
          "performance_history",
          "Performance over time with confidence intervals: one row per model, version, window,"
              + " metric and slice (slice_column NULL for the whole model); below_baseline when the"
              + " interval lies wholly on the bad side of the registered baseline.",
          """
          SELECT model_id, model_version, granularity, to_date(window_start) AS night,
            window_start, window_end, metric, slice_column, slice_value, value, ci_low, ci_high,
            baseline_value, delta, n, label_coverage, row_count,
            CASE
              WHEN baseline_value IS NULL OR ci_low IS NULL OR ci_high IS NULL THEN NULL
              WHEN metric IN ('rmse', 'mae', 'log_loss', 'brier') THEN ci_low > baseline_value
              ELSE ci_high < baseline_value
            END AS below_baseline
          FROM {s}.performance_metrics
          """);

  public static final ViewDef FAIRNESS_HISTORY =
      new ViewDef(
          "fairness_history",
          "Fairness by group over time: one row per model, version, window, protected attribute,"
              + " group (NULL for the attribute's summary figures) and metric; under_four_fifths"
              + " when a demographic parity ratio is below 0.8.",
          """
          SELECT model_id, model_version, granularity, to_date(window_start) AS night,
            window_start, window_end, attribute, group_value, metric, value, ci_low, ci_high,
            suppressed, min_group_size,
            CASE WHEN metric = 'demographic_parity_ratio' AND value IS NOT NULL
              THEN value < 0.8 END AS under_four_fifths
          FROM {s}.fairness_metrics
          """);

  public static final ViewDef OPERATIONS_HISTORY =
      new ViewDef(
          "operations_history",
          "Operational health over time: one row per model, version, window, metric and dimension"
              + " (latency percentiles, error rates, throughput, freshness, completeness), with the"
              + " threshold and whether the value is over it.",
          """
          SELECT model_id, model_version, granularity, to_date(window_start) AS night,
            window_start, window_end, metric, dimension, dimension_value, value, threshold,
            CASE WHEN threshold IS NULL OR value IS NULL THEN NULL
              WHEN metric = 'completeness' THEN value < threshold
              ELSE value > threshold END AS over_threshold
          FROM {s}.operational_metrics
          """);

  public static final ViewDef OPEN_ITEMS =
      new ViewDef(
          "open_items",
          "What is waiting for someone: every open or acknowledged alert and every open trigger,"
              + " with its owner (the model's owner when the item names none), since when, and its"
              + " age in days.",
          """
          SELECT coalesce(a.owner, m.owner) AS owner, a.model_id, a.model_version,
            'ALERT' AS item, a.rule AS kind, a.severity, a.status, a.subject AS detail,
            a.opened_on AS since, datediff(current_date(), a.opened_on) AS age_days,
            CAST(NULL AS DATE) AS due_date, a.alert_id AS id
          FROM {s}.alerts a LEFT JOIN {s}.models m ON a.model_id = m.model_id
          WHERE a.status <> 'RESOLVED'
          UNION ALL
          SELECT coalesce(t.owner, m.owner) AS owner, t.model_id, t.model_version,
            'TRIGGER' AS item, t.kind, CASE WHEN t.escalated THEN 'ESCALATED' END AS severity,
            t.status, t.reason AS detail, to_date(t.raised_at) AS since,
            datediff(current_date(), to_date(t.raised_at)) AS age_days, t.due_date,
            t.trigger_id AS id
          FROM {s}.triggers t LEFT JOIN {s}.models m ON t.model_id = m.model_id
          WHERE t.status = 'OPEN'
          """);

  public static final ViewDef INVENTORY =
      new ViewDef(
          "inventory",
          "The inventory with monitoring coverage: every registered model, every monitored one"
              + " and every model id the audit found scoring without a registration, with its versions, its monitor and baseline, the last night profiled and a"
              + " coverage verdict (MONITORED, STALE, NO RUNS YET, NO BASELINE, UNMONITORED, NOT YET"
              + " MONITORED, RETIRED, RETIRED STILL MONITORED, UNREGISTERED).",
          """
          WITH mon AS (
            SELECT model_id, registered_at, spec_sha256 FROM {s}.monitors WHERE active
          ),
          base AS (
            SELECT model_id, max(built_at) AS built_at FROM {s}.baselines GROUP BY model_id
          ),
          vers AS (
            SELECT model_id, count(*) AS versions FROM {s}.model_versions GROUP BY model_id
          ),
          nights AS (
            SELECT model_id, max(to_date(window_start)) AS last_night
            FROM {s}.feature_drift WHERE granularity = 'DAY' GROUP BY model_id
          ),
          latest AS (
            SELECT max(to_date(window_start)) AS night FROM {s}.feature_drift
            WHERE granularity = 'DAY'
          ),
          unregistered AS (
            SELECT DISTINCT model_id FROM {s}.triggers
            WHERE kind = 'UNREGISTERED' AND status = 'OPEN'
          ),
          ids AS (
            SELECT model_id FROM {s}.models
            UNION SELECT model_id FROM mon
            UNION SELECT model_id FROM unregistered
          )
          SELECT i.model_id, m.name, m.owner, m.risk_tier,
            coalesce(m.stage, 'UNREGISTERED') AS stage, m.champion_version,
            coalesce(v.versions, 0) AS versions, o.model_id IS NOT NULL AS monitored,
            o.registered_at AS monitor_registered_at, o.spec_sha256, b.built_at AS baseline_built_at,
            n.last_night, datediff(l.night, n.last_night) AS nights_behind,
            CASE
              WHEN m.model_id IS NULL THEN 'UNREGISTERED'
              WHEN m.stage = 'RETIRED' AND o.model_id IS NOT NULL THEN 'RETIRED STILL MONITORED'
              WHEN m.stage = 'RETIRED' THEN 'RETIRED'
              WHEN o.model_id IS NULL AND m.stage IN ('DEPLOYMENT', 'PRODUCTION')
                THEN 'UNMONITORED'
              WHEN o.model_id IS NULL THEN 'NOT YET MONITORED'
              WHEN b.model_id IS NULL THEN 'NO BASELINE'
              WHEN n.last_night IS NULL THEN 'NO RUNS YET'
              WHEN n.last_night < l.night THEN 'STALE'
              ELSE 'MONITORED'
            END AS coverage
          FROM ids i
          LEFT JOIN {s}.models m ON m.model_id = i.model_id
          LEFT JOIN mon o ON o.model_id = i.model_id
          LEFT JOIN base b ON b.model_id = i.model_id
          LEFT JOIN vers v ON v.model_id = i.model_id
          LEFT JOIN nights n ON n.model_id = i.model_id
          CROSS JOIN latest l
          """);

  /** Every view, in the order they are registered. */
  public static final List<ViewDef> ALL =
      List.of(
          MODEL_STATUS,
          INVENTORY,
          OPEN_ITEMS,
          DRIFT_HISTORY,
          PERFORMANCE_HISTORY,
          FAIRNESS_HISTORY,
          OPERATIONS_HISTORY);
}
