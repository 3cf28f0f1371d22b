package io.steward.registry.store;

import io.steward.common.errors.Errors;
import io.steward.registry.tables.StewardTables;
import io.steward.registry.warehouse.SmallTables;
import io.steward.registry.warehouse.Warehouse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;

/**
 * The tamper-evident trail in {@code steward.lifecycle_events}. Every event carries a global
 * sequence number and the SHA-256 of its own fields and of the previous event's hash, so a row
 * altered, removed or inserted behind Steward's back breaks the chain at that row.
 *
 * <p>Appending is one Delta commit that claims the next sequence numbers: it is tagged as an
 * idempotent write of application {@link #APP_ID} at the first number it claims. Delta records the
 * highest number claimed, makes two concurrent claims conflict (one of the two commits fails), and
 * skips a claim at or below a number already taken; a writer whose view of the trail was stale
 * finds its events absent and is told so ({@link Errors#trailMoved}). Two processes, on one host or
 * on two sharing the warehouse, therefore cannot both write event N: the chain never forks, with or
 * without the warehouse lock. A chain forked by a writer that bypassed Steward is reported by
 * {@link #verify}.
 */
public final class EventLog {
  private EventLog() {}

  public static final String GENESIS = "0".repeat(64);

  /** The Delta application id under which appends claim sequence numbers. */
  public static final String APP_ID = "steward.trail";

  /** The last event of the trail: its number and hash ({@code 0} and {@link #GENESIS} if none). */
  public record Head(long seq, String hash) {
    public static final Head EMPTY = new Head(0, GENESIS);

    /** As verify-trail prints it and job_runs keeps it: {@code N:HASH}. */
    public String text() {
      return seq + ":" + hash;
    }

    /** The head of a trail in sequence order. */
    public static Head of(List<RegistryRecords.Event> events) {
      if (events.isEmpty()) {
        return EMPTY;
      }
      RegistryRecords.Event last = events.get(events.size() - 1);
      return new Head(last.seq(), last.hash());
    }
  }

  /** Appends events in order after the trail's last event; returns them as written. */
  public static List<RegistryRecords.Event> append(
      SparkSession spark, Warehouse warehouse, List<RegistryRecords.NewEvent> events) {
    return claim(spark, warehouse, Head.of(all(spark, warehouse)), events, null);
  }

  /**
   * Writes {@code events} as the events after {@code after}, the last one carrying {@code effect},
   * in one commit that succeeds only if no other writer has claimed those numbers.
   *
   * @return the events as written
   * @throws io.steward.common.errors.TrailMovedException when another writer claimed them first
   */
  public static List<RegistryRecords.Event> claim(
      SparkSession spark,
      Warehouse warehouse,
      Head after,
      List<RegistryRecords.NewEvent> events,
      String effect) {
    if (events.isEmpty()) {
      return List.of();
    }
    List<RegistryRecords.Event> chained = chain(after.seq(), after.hash(), events, effect);
    long first = after.seq() + 1;
    String path = warehouse.location(StewardTables.LIFECYCLE_EVENTS);
    // The commit carries the first event's id, so that this writer can tell its commit apart.
    String token = chained.get(0).eventId();
    try {
      write(spark, warehouse, chained, token);
    } catch (ConcurrentModificationException conflict) {
      throw Errors.trailMoved(first, describe(at(spark, warehouse, first)));
    }
    // A claim at a number already taken is skipped by Delta without error: look for the commit
    // among the table's latest ones (the version this process's Delta log holds after the write).
    long latest = DeltaLog.forTable(spark, path).unsafeVolatileSnapshot().version();
    if (!committed(spark, path, Math.max(-1, latest - LOOK_BACK), latest, token)) {
      throw Errors.trailMoved(first, describe(at(spark, warehouse, first)));
    }
    return chained;
  }

  /** How many of the latest commits are looked through for this writer's own. */
  static final int LOOK_BACK = 16;

  /**
   * Whether one of the commits {@code after + 1} to {@code upTo} of the Delta table at {@code path}
   * carries {@code token} as its user metadata. Reads those commit files alone, newest first (this
   * writer's is the newest unless others committed right after it).
   */
  private static boolean committed(
      SparkSession spark, String path, long after, long upTo, String token) {
    String mark = "\"userMetadata\":\"" + token + "\"";
    Configuration conf = spark.sessionState().newHadoopConf();
    for (long v = upTo; v > after; v--) {
      org.apache.hadoop.fs.Path commit =
          new org.apache.hadoop.fs.Path(path, "_delta_log/" + String.format("%020d.json", v));
      try (BufferedReader in =
          new BufferedReader(
              new InputStreamReader(
                  commit.getFileSystem(conf).open(commit), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          if (line.contains(mark)) {
            return true;
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the trail's commit " + commit, e);
      }
    }
    return false;
  }

  /** The event with this number, or null. */
  private static RegistryRecords.Event at(SparkSession spark, Warehouse warehouse, long seq) {
    for (RegistryRecords.Event e : all(spark, warehouse)) {
      if (e.seq() == seq) {
        return e;
      }
    }
    return null;
  }

  private static String describe(RegistryRecords.Event e) {
    return e == null ? null : e.eventType() + " by " + e.actor() + " at " + e.at();
  }

  /** Numbers and hashes new events to follow the event {@code (lastSeq, lastHash)}. Pure. */
  public static List<RegistryRecords.Event> chain(
      long lastSeq, String lastHash, List<RegistryRecords.NewEvent> events) {
    return chain(lastSeq, lastHash, events, null);
  }

  /**
   * {@link #chain}, the last event carrying {@code effect} (the rows the change writes), hashed
   * under the process's trail key when it has one ({@link TrailKey#configured}).
   */
  public static List<RegistryRecords.Event> chain(
      long lastSeq, String lastHash, List<RegistryRecords.NewEvent> events, String effect) {
    return chain(lastSeq, lastHash, events, effect, TrailKey.configured());
  }

  /** {@link #chain} under {@code key} (plain SHA-256 when null). Pure. */
  public static List<RegistryRecords.Event> chain(
      long lastSeq,
      String lastHash,
      List<RegistryRecords.NewEvent> events,
      String effect,
      TrailKey key) {
    long seq = lastSeq;
    String prev = lastHash;
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    List<RegistryRecords.Event> chained = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      RegistryRecords.NewEvent e = events.get(i);
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
              "",
              i == events.size() - 1 ? effect : null);
      RegistryRecords.Event event = unchained.withHash(hash(unchained, key));
      chained.add(event);
      prev = event.hash();
    }
    return chained;
  }

  /** Writes chained events in one commit. */
  public static void write(
      SparkSession spark, Warehouse warehouse, List<RegistryRecords.Event> events) {
    write(spark, warehouse, events, null);
  }

  /** {@link #write}, the commit's user metadata set to {@code token} unless null. */
  static void write(
      SparkSession spark, Warehouse warehouse, List<RegistryRecords.Event> events, String token) {
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
              event.hash(),
              event.effect()));
    }
    TableWriter.append(
        warehouse,
        StewardTables.LIFECYCLE_EVENTS,
        spark.createDataFrame(rows, StewardTables.LIFECYCLE_EVENTS.schema()),
        token == null
            ? Map.of("txnAppId", APP_ID, "txnVersion", Long.toString(events.get(0).seq()))
            : Map.of(
                "txnAppId",
                APP_ID,
                "txnVersion",
                Long.toString(events.get(0).seq()),
                "userMetadata",
                token));
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
              r.getAs("hash"),
              r.getAs("effect")));
    }
    return out;
  }

  /** The hash of an event: its fields and the previous hash, never its own hash field. */
  public static String hash(RegistryRecords.Event e) {
    return hash(e, null);
  }

  /** {@link #hash}, an HMAC under {@code key} when it is not null. */
  public static String hash(RegistryRecords.Event e, TrailKey key) {
    String canonical = canonical(e);
    if (key != null) {
      return key.hash(canonical);
    }
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(d.digest(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
    }
  }

  private static String canonical(RegistryRecords.Event e) {
    return String.join(
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
            nz(e.evidence()))
        // Events written before changes travelled with them hash as they always did.
        + (e.effect() == null ? "" : "\u001f" + e.effect());
  }

  /**
   * Refuses to write after {@code last} when the trail is keyed and this process cannot continue
   * the chain: it has no key, or a key under which {@code last} does not verify.
   */
  public static void requireKeyToFollow(RegistryRecords.Event last, TrailKey key) {
    if (last == null || !TrailKey.keyed(last.hash())) {
      return;
    }
    if (key == null) {
      throw Errors.trailKeyNeeded(last.seq(), false);
    }
    if (!hash(last, key).equals(last.hash())) {
      throw Errors.trailKeyNeeded(last.seq(), true);
    }
  }

  /**
   * What {@link #check} found.
   *
   * @param broken the first event altered, removed or inserted out of band; null when intact
   * @param keyedFrom the first keyed event's number; 0 when no event is keyed
   * @param unverified keyed events whose HMAC was not checked, for want of the key
   */
  public record Check(String broken, long keyedFrom, long unverified) {}

  /**
   * Recomputes the chain, keyed events under {@code key}. Once an event is keyed every later one
   * must be; with a key given, the last event must be keyed (a trail rewritten without the key
   * reads as plain SHA-256 throughout, and that is what this catches). Without a key, keyed events
   * are checked for their order and links only, and counted as unverified.
   */
  public static Check check(List<RegistryRecords.Event> events, TrailKey key) {
    String broken = verify(events, key);
    long keyedFrom = 0;
    long keyed = 0;
    for (RegistryRecords.Event e : events) {
      if (TrailKey.keyed(e.hash())) {
        keyed++;
        if (keyedFrom == 0) {
          keyedFrom = e.seq();
        }
      }
    }
    if (broken == null && key != null && !events.isEmpty() && keyed == 0) {
      broken =
          "the trail's key is set but no event is keyed: the trail was rewritten without the key,"
              + " or it was never sealed (run steward init with STEWARD_TRAIL_KEY_FILE set)";
    }
    return new Check(broken, keyedFrom, key == null ? keyed : 0);
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
    return verify(events, null);
  }

  private static String verify(List<RegistryRecords.Event> events, TrailKey key) {
    String prev = GENESIS;
    long expected = 1;
    long firstKeyed = 0;
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
      boolean keyed = TrailKey.keyed(e.hash());
      if (keyed && firstKeyed == 0) {
        firstKeyed = e.seq();
      }
      if (!keyed && firstKeyed != 0) {
        return "event #"
            + e.seq()
            + " ("
            + e.eventId()
            + ") is not keyed though event #"
            + firstKeyed
            + " before it is: written or rewritten without the trail's key";
      }
      // A keyed event's HMAC is checked when the key is at hand; without it, only its links.
      boolean checkable = !keyed || key != null;
      if (checkable && !hash(e, keyed ? key : null).equals(e.hash())) {
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
