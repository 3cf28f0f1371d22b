package io.steward.registry.store;

import io.steward.registry.tables.StewardTables;
import io.steward.registry.warehouse.SmallTables;
import io.steward.registry.warehouse.Warehouse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * The tamper-evident trail in {@code steward.lifecycle_events}. Every event carries a global
 * sequence number and the SHA-256 of its own fields and of the previous event's hash, so a row
 * altered, removed or inserted behind Steward's back breaks the chain at that row.
 *
 * <p>Appending is one Delta commit of the next sequence numbers. Writers are serialised by the
 * warehouse lock (every registry command holds it), so two processes never claim the same numbers;
 * a chain forked by a writer that bypassed the lock is reported by {@link #verify}.
 */
public final class EventLog {
  private EventLog() {}

  public static final String GENESIS = "0".repeat(64);

  /** Appends events in order after the trail's last event; returns them as written. */
  public static List<RegistryRecords.Event> append(
      SparkSession spark, Warehouse warehouse, List<RegistryRecords.NewEvent> events) {
    Row last =
        SmallTables.rows(spark, warehouse, StewardTables.LIFECYCLE_EVENTS).stream()
            .max(SmallTables.by("seq"))
            .orElse(null);
    List<RegistryRecords.Event> chained =
        chain(
            last == null ? 0 : last.<Long>getAs("seq"),
            last == null ? GENESIS : last.getAs("hash"),
            events);
    write(spark, warehouse, chained);
    return chained;
  }

  /** Numbers and hashes new events to follow the event {@code (lastSeq, lastHash)}. Pure. */
  public static List<RegistryRecords.Event> chain(
      long lastSeq, String lastHash, List<RegistryRecords.NewEvent> events) {
    long seq = lastSeq;
    String prev = lastHash;
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    List<RegistryRecords.Event> chained = new ArrayList<>();
    for (RegistryRecords.NewEvent e : events) {
      seq++;
      RegistryRecords.Event unchained =
          new RegistryRecords.Event(
              seq,
              UUID.randomUUID().toString(),
              now,
              e.actor(),
              e.eventType().name(),
              e.modelId(),
              e.version(),
              e.fromStage(),
              e.toStage(),
              e.reason(),
              e.evidence(),
              prev,
              "");
      RegistryRecords.Event event = unchained.withHash(hash(unchained));
      chained.add(event);
      prev = event.hash();
    }
    return chained;
  }

  /** Writes chained events in one commit. */
  public static void write(
      SparkSession spark, Warehouse warehouse, List<RegistryRecords.Event> events) {
    List<Row> rows = new ArrayList<>();
    for (RegistryRecords.Event event : events) {
      rows.add(
          RowFactory.create(
              event.seq(),
              event.eventId(),
              Timestamp.from(event.at()),
              event.actor(),
              event.eventType(),
              event.modelId(),
              event.version(),
              event.fromStage(),
              event.toStage(),
              event.reason(),
              event.evidence(),
              event.prevHash(),
              event.hash()));
    }
    TableWriter.append(
        warehouse,
        StewardTables.LIFECYCLE_EVENTS,
        spark.createDataFrame(rows, StewardTables.LIFECYCLE_EVENTS.schema()));
  }

  /** All events in sequence order. */
  public static List<RegistryRecords.Event> all(SparkSession spark, Warehouse warehouse) {
    List<RegistryRecords.Event> out = new ArrayList<>();
    for (Row r :
        SmallTables.rows(spark, warehouse, StewardTables.LIFECYCLE_EVENTS).stream()
            .sorted(SmallTables.by("seq"))
            .toList()) {
      out.add(
          new RegistryRecords.Event(
              r.getAs("seq"),
              r.getAs("event_id"),
              r.<Timestamp>getAs("at").toInstant(),
              r.getAs("actor"),
              r.<String>getAs("event_type"),
              r.getAs("model_id"),
              r.getAs("version"),
              r.getAs("from_stage"),
              r.getAs("to_stage"),
              r.getAs("reason"),
              r.getAs("evidence"),
              r.getAs("prev_hash"),
              r.getAs("hash")));
    }
    return out;
  }

  /** The hash of an event: its fields and the previous hash, never its own hash field. */
  public static String hash(RegistryRecords.Event e) {
    String canonical =
        String.join(
            "\u001f",
            e.prevHash(),
            Long.toString(e.seq()),
            e.eventId(),
            e.at().toString(),
            e.actor(),
            e.eventType(),
            nz(e.modelId()),
            nz(e.version()),
            nz(e.fromStage()),
            nz(e.toStage()),
            nz(e.reason()),
            nz(e.evidence()));
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(d.digest(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
    }
  }

  private static String nz(String s) {
    return s == null ? "\u0000" : s;
  }

  /**
   * Recomputes the chain.
   *
   * @return null when intact, else a description of the first broken event
   */
  public static String verify(List<RegistryRecords.Event> events) {
    String prev = GENESIS;
    long expected = 1;
    for (RegistryRecords.Event e : events) {
      if (e.seq() != expected) {
        return e.seq() < expected
            ? "event #"
                + e.seq()
                + " ("
                + e.eventId()
                + ") appears twice or was inserted out of band"
            : "event #" + expected + " is missing: removed out of band (next is #" + e.seq() + ")";
      }
      if (!e.prevHash().equals(prev)) {
        return "event #"
            + e.seq()
            + " ("
            + e.eventId()
            + ") does not follow event #"
            + (e.seq() - 1)
            + ": inserted or reordered out of band";
      }
      if (!hash(e).equals(e.hash())) {
        return "event #"
            + e.seq()
            + " ("
            + e.eventId()
            + ", "
            + e.eventType()
            + " by "
            + e.actor()
            + ") was altered out of band: its hash does not match its fields";
      }
      prev = e.hash();
      expected++;
    }
    return null;
  }
}
