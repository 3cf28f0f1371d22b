package io.steward.registry.store;

import io.steward.common.triggers.Trigger;
import io.steward.common.triggers.TriggerKind;
import io.steward.common.triggers.TriggerStatus;
import io.steward.registry.tables.StewardTables;
import io.steward.registry.warehouse.SmallTables;
import io.steward.registry.warehouse.Warehouse;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Reads and writes {@code steward.triggers}. The table holds one row per trigger episode and stays
 * small (findings, not figures), so reads collect it to the driver; a write replaces exactly the
 * rows it changes, by trigger id, in one Delta commit, so rerunning an audit never duplicates one.
 */
public final class TriggerStore {
  private TriggerStore() {}

  /** What {@link #list} keeps; a null field keeps everything. */
  public record Filter(String modelId, TriggerKind kind, TriggerStatus status, String owner) {
    public static final Filter ALL = new Filter(null, null, null, null);
  }

  /** Every trigger, oldest first. */
  public static List<Trigger> all(SparkSession spark, Warehouse warehouse) {
    return list(spark, warehouse, Filter.ALL);
  }

  /** The triggers the filter keeps, oldest first (ties by id). */
  public static List<Trigger> list(SparkSession spark, Warehouse warehouse, Filter f) {
    List<Trigger> out = new ArrayList<>();
    for (Row r :
        SmallTables.rows(spark, warehouse, StewardTables.TRIGGERS).stream()
            .filter(r -> f.modelId() == null || f.modelId().equals(r.getAs("model_id")))
            .filter(r -> f.kind() == null || f.kind().name().equals(r.getAs("kind")))
            .filter(r -> f.status() == null || f.status().name().equals(r.getAs("status")))
            .filter(r -> f.owner() == null || f.owner().equals(r.getAs("owner")))
            .sorted(SmallTables.by("raised_at", "trigger_id"))
            .toList()) {
      out.add(trigger(r));
    }
    return out;
  }

  /** The trigger with this id, or null. */
  public static Trigger get(SparkSession spark, Warehouse warehouse, String triggerId) {
    List<Row> rows =
        SmallTables.rows(spark, warehouse, StewardTables.TRIGGERS).stream()
            .filter(r -> triggerId.equals(r.getAs("trigger_id")))
            .toList();
    return rows.isEmpty() ? null : trigger(rows.get(0));
  }

  /** Inserts or replaces these triggers, by id, in one commit; nothing when the list is empty. */
  public static void save(SparkSession spark, Warehouse warehouse, List<Trigger> triggers) {
    if (triggers.isEmpty()) {
      return;
    }
    List<Row> rows = triggers.stream().map(TriggerStore::row).toList();
    String ids =
        triggers.stream()
            .map(t -> TableWriter.literal(t.triggerId()))
            .collect(Collectors.joining(", "));
    TableWriter.replace(
        warehouse,
        StewardTables.TRIGGERS,
        spark.createDataFrame(rows, StewardTables.TRIGGERS.schema()),
        "trigger_id IN (" + ids + ")");
  }

  /**
   * The changes that write these triggers' rows, for an event that carries them ({@link Effect}).
   */
  public static List<Effect> rows(List<Trigger> triggers) {
    return triggers.stream()
        .map(t -> new Effect(StewardTables.TRIGGERS, List.of("trigger_id"), row(t)))
        .toList();
  }

  private static Trigger trigger(Row r) {
    Date due = r.getAs("due_date");
    Integer attempts = r.getAs("notify_attempts");
    return new Trigger(
        r.getAs("trigger_id"),
        r.getAs("model_id"),
        r.getAs("model_version"),
        TriggerKind.valueOf(r.getAs("kind")),
        r.getAs("reason"),
        TriggerStatus.valueOf(r.getAs("status")),
        instant(r, "raised_at"),
        r.getAs("raised_by"),
        r.getAs("run_id"),
        r.getAs("evidence"),
        r.getAs("owner"),
        due.toLocalDate(),
        r.getAs("escalated"),
        instant(r, "updated_at"),
        instant(r, "closed_at"),
        r.getAs("closed_by"),
        r.getAs("close_reason"),
        new Trigger.Notification(
            r.getAs("notify_status"),
            attempts == null ? 0 : attempts,
            instant(r, "notified_at"),
            r.getAs("notify_error")));
  }

  private static Row row(Trigger t) {
    return RowFactory.create(
        t.triggerId(),
        t.modelId(),
        t.modelVersion(),
        t.kind().name(),
        t.reason(),
        t.status().name(),
        ts(t.raisedAt()),
        t.raisedBy(),
        t.runId(),
        t.evidence(),
        t.owner(),
        Date.valueOf(t.dueDate()),
        t.escalated(),
        ts(t.updatedAt()),
        ts(t.closedAt()),
        t.closedBy(),
        t.closeReason(),
        t.notification().status(),
        t.notification().attempts(),
        ts(t.notification().at()),
        t.notification().error());
  }

  private static Instant instant(Row r, String column) {
    Timestamp t = r.getAs(column);
    return t == null ? null : t.toInstant();
  }

  private static Timestamp ts(Instant i) {
    return i == null ? null : Timestamp.from(i);
  }
}
