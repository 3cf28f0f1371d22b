package io.steward.registry.store;

import io.steward.registry.tables.StewardTables;
import io.steward.registry.warehouse.SmallTables;
import io.steward.registry.warehouse.Warehouse;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Reads and writes {@code steward.alerts}, one row per alert episode. The nightly decisions step
 * replaces all the episodes of its models in one Delta commit ({@link #replaceModels}); {@code
 * steward alert ack|resolve} replaces one row ({@link #save}). The table is small; reads collect it
 * to the driver.
 */
public final class AlertStore {
  private AlertStore() {}

  /**
   * One alert row, column for column (see {@link StewardTables#ALERTS}).
   *
   * @param modelVersion null for a model-level rule (freshness, completeness)
   * @param subject the feature or protected attribute, empty for the model
   * @param owner the model's owner in the registry; null for a model not registered
   */
  public record Alert(
      String alertId,
      String modelId,
      String modelVersion,
      String rule,
      String subject,
      String status,
      String severity,
      LocalDate firstBreach,
      LocalDate lastBreach,
      LocalDate openedOn,
      LocalDate resolvedOn,
      int consecutive,
      Double worstValue,
      Double latestValue,
      Double threshold,
      boolean ciUsed,
      String owner,
      List<String> evidence,
      String runId,
      Instant updatedAt,
      String acknowledgedBy,
      Instant acknowledgedAt,
      String resolvedBy,
      String actionReason,
      String notifyStatus,
      int notifyAttempts,
      Instant notifiedAt,
      String notifyError) {
    public Alert {
      if (alertId == null || modelId == null || rule == null || subject == null) {
        throw new IllegalArgumentException("an alert needs its id, model, rule and subject");
      }
      evidence = List.copyOf(evidence);
    }

    /**
     * This alert after a person's action: the new status, and for a resolution the night it closed
     * on; who acknowledged or resolved it and why.
     */
    public Alert withAction(
        String newStatus,
        LocalDate closedOn,
        String ackBy,
        Instant ackAt,
        String resolver,
        String reason,
        Instant at) {
      return new Alert(
          alertId,
          modelId,
          modelVersion,
          rule,
          subject,
          newStatus,
          severity,
          firstBreach,
          lastBreach,
          openedOn,
          closedOn,
          consecutive,
          worstValue,
          latestValue,
          threshold,
          ciUsed,
          owner,
          evidence,
          runId,
          at,
          ackBy,
          ackAt,
          resolver,
          reason,
          notifyStatus,
          notifyAttempts,
          notifiedAt,
          notifyError);
    }

    /** This alert with the outcome of announcing it. */
    public Alert withNotify(String status, int attempts, Instant at, String error) {
      return new Alert(
          alertId,
          modelId,
          modelVersion,
          rule,
          subject,
          this.status,
          severity,
          firstBreach,
          lastBreach,
          openedOn,
          resolvedOn,
          consecutive,
          worstValue,
          latestValue,
          threshold,
          ciUsed,
          owner,
          evidence,
          runId,
          updatedAt,
          acknowledgedBy,
          acknowledgedAt,
          resolvedBy,
          actionReason,
          status,
          attempts,
          at,
          error);
    }

    /** "CRITICAL psi of income on credit_limit": severity, rule, subject when any, model. */
    public String headline() {
      return severity + " " + rule + (subject.isEmpty() ? "" : " of " + subject) + " on " + modelId;
    }

    /** This alert with the notification columns of {@code earlier} (the same episode's row). */
    public Alert withNotifyOf(Alert earlier) {
      return withNotify(
          earlier.notifyStatus, earlier.notifyAttempts, earlier.notifiedAt, earlier.notifyError);
    }
  }

  /** The alerts of {@code models} (every alert when null), ordered by model, first breach, id. */
  public static List<Alert> read(SparkSession spark, Warehouse warehouse, List<String> models) {
    return alerts(
        SmallTables.rows(spark, warehouse, StewardTables.ALERTS).stream()
            .filter(r -> models == null || models.contains(r.<String>getAs("model_id")))
            .toList());
  }

  /** The alert {@code alertId}, or null. */
  public static Alert find(SparkSession spark, Warehouse warehouse, String alertId) {
    List<Alert> found =
        alerts(
            SmallTables.rows(spark, warehouse, StewardTables.ALERTS).stream()
                .filter(r -> alertId.equals(r.getAs("alert_id")))
                .toList());
    return found.isEmpty() ? null : found.get(0);
  }

  /**
   * Replaces every alert of {@code models} with {@code alerts} in one Delta commit; an alert of
   * another model is refused.
   */
  public static void replaceModels(
      SparkSession spark, Warehouse warehouse, List<String> models, List<Alert> alerts) {
    for (Alert a : alerts) {
      if (!models.contains(a.modelId())) {
        throw new IllegalArgumentException("alert " + a.alertId() + " is not of " + models);
      }
    }
    TableWriter.replace(
        warehouse,
        StewardTables.ALERTS,
        frame(spark, alerts),
        "model_id IN ("
            + models.stream().map(TableWriter::literal).collect(Collectors.joining(", "))
            + ")");
  }

  /** Replaces these alerts' rows, by id, in one Delta commit; nothing when the list is empty. */
  public static void saveAll(SparkSession spark, Warehouse warehouse, List<Alert> alerts) {
    if (alerts.isEmpty()) {
      return;
    }
    TableWriter.replace(
        warehouse,
        StewardTables.ALERTS,
        frame(spark, alerts),
        "alert_id IN ("
            + alerts.stream()
                .map(a -> TableWriter.literal(a.alertId()))
                .collect(Collectors.joining(", "))
            + ")");
  }

  /** Replaces one alert's row, in one Delta commit. */
  public static void save(SparkSession spark, Warehouse warehouse, Alert alert) {
    TableWriter.replace(
        warehouse,
        StewardTables.ALERTS,
        frame(spark, List.of(alert)),
        "alert_id = " + TableWriter.literal(alert.alertId()));
  }

  /** The change that writes this alert's row, for an event that carries it ({@link Effect}). */
  public static Effect row(Alert a) {
    return new Effect(StewardTables.ALERTS, List.of("alert_id"), rowOf(a));
  }

  private static Dataset<Row> frame(SparkSession spark, List<Alert> alerts) {
    List<Row> rows = new ArrayList<>();
    for (Alert a : alerts) {
      rows.add(rowOf(a));
    }
    return spark.createDataFrame(rows, StewardTables.ALERTS.schema());
  }

  private static Row rowOf(Alert a) {
    return RowFactory.create(
        a.alertId(),
        a.modelId(),
        a.modelVersion(),
        a.rule(),
        a.subject(),
        a.status(),
        a.severity(),
        date(a.firstBreach()),
        date(a.lastBreach()),
        date(a.openedOn()),
        date(a.resolvedOn()),
        a.consecutive(),
        a.worstValue(),
        a.latestValue(),
        a.threshold(),
        a.ciUsed(),
        a.owner(),
        a.evidence(),
        a.runId(),
        ts(a.updatedAt()),
        a.acknowledgedBy(),
        ts(a.acknowledgedAt()),
        a.resolvedBy(),
        a.actionReason(),
        a.notifyStatus(),
        a.notifyAttempts(),
        ts(a.notifiedAt()),
        a.notifyError());
  }

  private static List<Alert> alerts(List<Row> rows) {
    List<Alert> out = new ArrayList<>();
    for (Row r :
        rows.stream().sorted(SmallTables.by("model_id", "first_breach", "alert_id")).toList()) {
      out.add(
          new Alert(
              r.getAs("alert_id"),
              r.getAs("model_id"),
              r.getAs("model_version"),
              r.getAs("rule"),
              r.getAs("subject"),
              r.getAs("status"),
              r.getAs("severity"),
              day(r.getAs("first_breach")),
              day(r.getAs("last_breach")),
              day(r.getAs("opened_on")),
              day(r.getAs("resolved_on")),
              r.<Integer>getAs("consecutive"),
              r.getAs("worst_value"),
              r.getAs("latest_value"),
              r.getAs("threshold"),
              r.<Boolean>getAs("ci_used"),
              r.getAs("owner"),
              r.getList(r.fieldIndex("evidence")),
              r.getAs("run_id"),
              instant(r.getAs("updated_at")),
              r.getAs("acknowledged_by"),
              instant(r.getAs("acknowledged_at")),
              r.getAs("resolved_by"),
              r.getAs("action_reason"),
              r.getAs("notify_status"),
              r.<Integer>getAs("notify_attempts"),
              instant(r.getAs("notified_at")),
              r.getAs("notify_error")));
    }
    return out;
  }

  private static Date date(LocalDate d) {
    return d == null ? null : Date.valueOf(d);
  }

  private static LocalDate day(Date d) {
    return d == null ? null : d.toLocalDate();
  }

  private static Timestamp ts(Instant i) {
    return i == null ? null : Timestamp.from(i);
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
