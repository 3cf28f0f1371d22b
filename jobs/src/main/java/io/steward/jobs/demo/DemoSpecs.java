package io.steward.jobs.demo;

import io.steward.common.domain.ProblemType;
import io.steward.jobs.demo.DemoCatalog.Model;
import java.util.Locale;

/**
 * The monitor spec of each demo model, as YAML: its log table, its outcomes (from the labels table
 * for a classifier, inline for the regression), features, slices and baseline snapshot.
 */
public final class DemoSpecs {
  private DemoSpecs() {}

  /** The monitors' freshness SLA. */
  public static final double FRESHNESS_SLA_HOURS = 4;

  /**
   * The monitor spec of a demo model, pinned to a version of its snapshot. Classifiers read their
   * outcomes from the labels table as they arrive; the regression has them inline.
   */
  public static String spec(Model m, DemoLayout layout, long snapshotVersion, long rowsPerDay) {
    boolean classifier = m.problem() == ProblemType.BINARY_CLASSIFICATION;
    boolean late = DemoCatalog.lateLabels(m.table());
    StringBuilder y = new StringBuilder();
    y.append(
        String.format(
            Locale.ROOT,
            """
            # %s (risk tier %s). Injected: %s
            model_id: %s
            problem_type: %s
            predictions:
              table: delta.`%s`
              timestamp: event_ts
              model_id: model_id
              model_version: model_version
              prediction_id: prediction_id
              score: score
            """,
            m.id(),
            m.riskTier(),
            m.injected(),
            m.id(),
            m.problem().specName(),
            layout.log(m.table())));
    if (classifier) {
      y.append("  prediction: decision\n");
    }
    if (!late) {
      y.append("  label: label\n");
    }
    y.append(
        """
          latency_ms: latency_ms
          status: status
          source: source
        """);
    if (late) {
      y.append(
          String.format(
              Locale.ROOT,
              """
              labels:
                table: delta.`%s`
                prediction_id: prediction_id
                label: label
                timestamp: labeled_at
              """,
              layout.outcomes(m.table())));
    }
    y.append(
        String.format(
            Locale.ROOT,
            """
            features:
              numeric: [%s]
              categorical: [%s]
            """,
            String.join(", ", m.numeric()),
            String.join(", ", m.categorical())));
    if (!m.protectedAttributes().isEmpty() || !m.otherSlices().isEmpty()) {
      y.append("slices:\n");
      if (!m.protectedAttributes().isEmpty()) {
        y.append("  protected: [").append(String.join(", ", m.protectedAttributes())).append("]\n");
      }
      if (m.protectedAttributes().size() > 1) {
        y.append("  intersections: [[")
            .append(String.join(", ", m.protectedAttributes()))
            .append("]]\n");
      }
      if (!m.otherSlices().isEmpty()) {
        y.append("  other: [").append(String.join(", ", m.otherSlices())).append("]\n");
      }
    }
    y.append(
        String.format(
            Locale.ROOT,
            """
            baseline:
              table: delta.`%s`
              version: %d
              label: label
              score: score
            decision_threshold: 0.5
            favorable_prediction: 1
            min_group_size: 30
            capacity_per_minute: %d
            freshness_sla_hours: %s
            """,
            layout.snapshot(m.id()),
            snapshotVersion,
            capacityPerMinute(rowsPerDay),
            FRESHNESS_SLA_HOURS));
    if (DemoCatalog.inShadow(m.id())) {
      // Its challengers log to a table of their own; v1 is the incumbent before any promotion.
      y.append(
          String.format(
              Locale.ROOT,
              """
              shadow:
                table: delta.`%s`
                champion: v1
                min_pairs: %d
              """,
              layout.log(DemoCatalog.shadowTable(m.table())),
              Math.max(1, Math.min(1000, rowsPerDay / 2))));
    }
    return y.toString();
  }

  /** What a model's service is sized for: eight times the mean rate of its predictions. */
  static long capacityPerMinute(long rowsPerDay) {
    return Math.max(1, (long) Math.ceil(rowsPerDay * 8 / 1440.0));
  }
}
