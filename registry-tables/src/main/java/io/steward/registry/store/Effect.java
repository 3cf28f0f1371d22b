package io.steward.registry.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.steward.registry.tables.StewardTables;
import io.steward.registry.tables.TableDef;
import io.steward.registry.warehouse.SmallTables;
import io.steward.registry.warehouse.Warehouse;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;

/**
 * One row a lifecycle event puts in a registry table: the row, and the columns that identify it
 * (the row replaces any row with the same key; in an append-only table it is a new row). An event's
 * changes travel inside the event itself ({@code lifecycle_events.effect}, under the hash), so the
 * trail's commit is the one commit that decides whether a change happened; the tables follow it.
 *
 * <p>Applying an event's changes writes each table once, as a Delta transaction tagged with the
 * event's sequence number ({@link #APP_ID}). Delta records the highest number applied per table, so
 * a change is applied at most once, never after a later event's change to the same table (a late
 * writer's commit is skipped), and whether it has landed is one look at the table's log. A process
 * that dies between the event's commit and the tables' is repaired by the next writing command
 * ({@link Registry#settle}); until then {@code verify-trail} names what is missing.
 *
 * @param key the key columns, in the table's schema
 * @param row the whole row, values in the table's column order
 */
public record Effect(TableDef table, List<String> key, Row row) {
  /** The Delta application id under which event changes are applied to every registry table. */
  public static final String APP_ID = "steward.lifecycle_events";

  public Effect {
    Objects.requireNonNull(table, "table");
    key = List.copyOf(key);
    Objects.requireNonNull(row, "row");
  }

  /** The changes as the text an event carries; null when there are none. */
  public static String toJson(List<Effect> effects) {
    if (effects.isEmpty()) {
      return null;
    }
    ArrayNode out = RowJson.JSON.createArrayNode();
    for (Effect e : effects) {
      ObjectNode o = out.addObject();
      o.put("table", e.table.name());
      ArrayNode k = o.putArray("key");
      e.key.forEach(k::add);
      o.set("row", RowJson.encode(e.row, e.table.schema()));
    }
    try {
      return RowJson.JSON.writeValueAsString(out);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("cannot write an event's changes as JSON", ex);
    }
  }

  /** The changes an event carries; empty for none. */
  public static List<Effect> fromJson(String json) {
    if (json == null || json.isBlank()) {
      return List.of();
    }
    try {
      List<Effect> out = new ArrayList<>();
      for (JsonNode o : RowJson.JSON.readTree(json)) {
        TableDef table = table(o.get("table").textValue());
        List<String> key = new ArrayList<>();
        o.get("key").forEach(k -> key.add(k.textValue()));
        out.add(new Effect(table, key, RowJson.decode(o.get("row"), table.schema())));
      }
      return out;
    } catch (JsonProcessingException | RuntimeException ex) {
      throw new IllegalStateException("an event's changes cannot be read: " + ex.getMessage(), ex);
    }
  }

  private static TableDef table(String name) {
    for (TableDef t : StewardTables.ALL) {
      if (t.name().equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException("no steward table " + name);
  }

  /** The SQL predicate matching this effect's key. */
  String predicate() {
    List<String> parts = new ArrayList<>();
    for (String k : key) {
      int i = table.schema().fieldIndex(k);
      StructField f = table.schema().fields()[i];
      Object v = row.get(i);
      if (v == null) {
        throw new IllegalArgumentException("key column " + k + " of " + table.name() + " is null");
      }
      parts.add(
          "`"
              + f.name()
              + "` = "
              + (v instanceof String s ? TableWriter.literal(s) : String.valueOf(v)));
    }
    return "(" + String.join(" AND ", parts) + ")";
  }

  /** The effects by table, in the order the tables first appear. */
  static Map<TableDef, List<Effect>> byTable(List<Effect> effects) {
    Map<TableDef, List<Effect>> out = new LinkedHashMap<>();
    for (Effect e : effects) {
      out.computeIfAbsent(e.table, t -> new ArrayList<>()).add(e);
    }
    return out;
  }

  /**
   * The tables of event {@code seq}'s changes that do not have them yet: Delta's record of the
   * highest event applied to each table is below {@code seq}.
   */
  public static List<TableDef> pending(
      SparkSession spark, Warehouse warehouse, long seq, List<Effect> effects) {
    List<TableDef> out = new ArrayList<>();
    for (TableDef t : byTable(effects).keySet()) {
      if (applied(spark, warehouse, t) < seq) {
        out.add(t);
      }
    }
    return out;
  }

  /** The highest event sequence number applied to the table; 0 for none. */
  static long applied(SparkSession spark, Warehouse warehouse, TableDef table) {
    Snapshot s =
        TableManager.loadSnapshot(warehouse.location(table)).build(SmallTables.engine(spark));
    return s.getLatestTransactionVersion(SmallTables.engine(spark), APP_ID).orElse(0L);
  }

  /**
   * Writes event {@code seq}'s changes to the tables that lack them, one commit per table. A
   * concurrent writer of the same table (another process repairing the same event, or applying a
   * later one) makes Delta refuse one of the two commits; the refused one is tried again, and Delta
   * skips it when the table has this event's change or a later one by then.
   */
  public static void apply(
      SparkSession spark, Warehouse warehouse, long seq, List<Effect> effects) {
    for (Map.Entry<TableDef, List<Effect>> t : byTable(effects).entrySet()) {
      // Delta skips the write when the table already has this event's change or a later one.
      for (int attempt = 1; ; attempt++) {
        try {
          write(spark, warehouse, seq, t.getKey(), t.getValue());
          break;
        } catch (ConcurrentModificationException conflict) {
          if (attempt >= 5) {
            throw conflict;
          }
        }
      }
    }
  }

  /** Writes the effects on one table in one commit, tagged with event {@code seq} unless null. */
  static void write(
      SparkSession spark, Warehouse warehouse, Long seq, TableDef table, List<Effect> effects) {
    List<Row> rows = effects.stream().map(Effect::row).toList();
    Map<String, String> tagged =
        seq == null ? Map.of() : Map.of("txnAppId", APP_ID, "txnVersion", Long.toString(seq));
    if ("true".equals(table.properties().get("delta.appendOnly"))) {
      // An append-only table's rows are new by key (an artifact, a policy): appended, once.
      TableWriter.append(warehouse, table, spark.createDataFrame(rows, table.schema()), tagged);
      return;
    }
    String predicate = effects.stream().map(Effect::predicate).collect(Collectors.joining(" OR "));
    TableWriter.replace(
        warehouse, table, spark.createDataFrame(rows, table.schema()), predicate, tagged);
  }
}
