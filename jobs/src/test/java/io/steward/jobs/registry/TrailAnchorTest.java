package io.steward.jobs.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.jobs.Cli;
import io.steward.registry.store.EventLog;
import io.steward.registry.store.RegistryRecords;
import io.steward.registry.tables.StewardTables;
import io.steward.registry.testing.TestSpark;
import io.steward.registry.warehouse.Warehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trail whose head is kept outside the warehouse, and a keyed trail: someone who can rewrite the
 * events table wholesale (here: drops its append-only property and overwrites it with a consistent
 * plain chain) passes the plain check, but not the kept head, and not the key.
 */
class TrailAnchorTest {
  @TempDir Path dir;

  private static final Pattern HEAD = Pattern.compile("head ([0-9]+:[0-9a-z:]+)");

  @AfterEach
  void noKey() {
    System.clearProperty("steward.trail.key.file");
  }

  private static String head(Cli.Run verify) {
    Matcher m = HEAD.matcher(verify.out());
    assertTrue(m.find(), verify.toString());
    return m.group(1);
  }

  /** Rewrites the whole trail as a valid plain chain with one reason changed, as an admin could. */
  private static void rewrite(String wh) {
    Warehouse w = new Warehouse(wh);
    List<RegistryRecords.Event> events = EventLog.all(TestSpark.get(), w);
    List<RegistryRecords.NewEvent> changed = new ArrayList<>();
    for (RegistryRecords.Event e : events) {
      changed.add(
          new RegistryRecords.NewEvent(
              e.actor(),
              io.steward.common.domain.EventType.valueOf(e.eventType()),
              e.modelId(),
              e.version(),
              e.fromStage(),
              e.toStage(),
              e.seq() == 2 ? "nothing to see" : e.reason(),
              e.evidence()));
    }
    List<Row> rows = new ArrayList<>();
    for (RegistryRecords.Event e : EventLog.chain(0, EventLog.GENESIS, changed, null, null)) {
      rows.add(
          RowFactory.create(
              e.seq(),
              e.eventId(),
              Timestamp.from(e.at()),
              e.actor(),
              e.eventType(),
              e.modelId(),
              e.version(),
              e.fromStage(),
              e.toStage(),
              e.reason(),
              e.evidence(),
              e.prevHash(),
              e.hash(),
              e.effect()));
    }
    String path = w.location(StewardTables.LIFECYCLE_EVENTS);
    TestSpark.get()
        .sql("ALTER TABLE delta.`" + path + "` SET TBLPROPERTIES ('delta.appendOnly' = 'false')");
    TestSpark.get()
        .createDataFrame(rows, StewardTables.LIFECYCLE_EVENTS.schema())
        .write()
        .format("delta")
        .mode("overwrite")
        .save(path);
  }

  @Test
  void aKeptHeadCatchesAWholesaleRewriteThatThePlainChainDoesNot() {
    RegistryFixture f = RegistryFixture.withCast(dir);
    String kept = head(f.ok("val", "model", "verify-trail"));
    f.register("anchored", "Anchored", "LOW");
    Cli.Run later = f.ok("val", "model", "verify-trail", "--expect-head", kept);
    assertTrue(
        later.out().contains("anchored head " + kept.split(":")[0] + " found"), later.toString());
    assertTrue(!head(later).equals(kept), "the head moved on; the kept one is still in the trail");

    Cli.Run bad = Cli.runAs("val", f.wh, "model", "verify-trail", "--expect-head", "latest");
    assertEquals(2, bad.code(), bad.toString());
    assertEquals(
        "steward: error: option --expect-head is 'latest' but must be a head as verify-trail"
            + " prints it, such as 42:9f86d08188",
        bad.err().strip());
    Cli.Run ahead =
        Cli.runAs("val", f.wh, "model", "verify-trail", "--expect-head", "999:9f86d08188");
    assertEquals(1, ahead.code(), ahead.toString());
    assertTrue(ahead.err().contains("events were removed since it was kept"), ahead.toString());

    rewrite(f.wh);
    Cli.Run plain = f.ok("val", "model", "verify-trail");
    assertTrue(plain.out().startsWith("trail intact:"), "a consistent rewrite passes the chain");
    Cli.Run anchored = Cli.runAs("val", f.wh, "model", "verify-trail", "--expect-head", kept);
    assertEquals(1, anchored.code(), anchored.toString());
    assertTrue(
        anchored.err().startsWith("steward: trail rewritten: event #" + kept.split(":")[0]),
        anchored.toString());
    assertTrue(
        anchored.err().contains("the trail up to it was rewritten since the head was kept"),
        anchored.toString());
  }

  @Test
  void aKeyedTrailNeedsItsKeyToGrowAndCatchesARewriteWithoutIt() throws Exception {
    RegistryFixture f = RegistryFixture.withCast(dir);
    Path key = dir.resolve("trail.key");
    Files.writeString(key, "0123456789abcdef0123456789abcdef-steward\n");
    System.setProperty("steward.trail.key.file", key.toString());
    long before = f.events();
    Cli.Run init = f.ok("admin", "init");
    assertTrue(
        init.err().contains("the lifecycle trail is keyed from event #" + (before + 1)),
        init.toString());
    f.ok("admin", "init");
    assertEquals(before + 1, f.events(), "a keyed trail is sealed once");
    f.register("keyed", "Keyed", "LOW");
    Cli.Run verified = f.ok("val", "model", "verify-trail");
    assertTrue(
        verified.out().contains("keyed from event #" + (before + 1) + ": every HMAC verified"),
        verified.toString());
    assertTrue(head(verified).split(":", 2)[1].startsWith("hmac:"), verified.toString());

    System.clearProperty("steward.trail.key.file");
    Cli.Run keyless = f.ok("val", "model", "verify-trail");
    assertTrue(keyless.out().contains(": 2 HMAC(s) not checked"), keyless.toString());
    Cli.Run refused =
        Cli.runAs(
            "olivia",
            f.wh,
            "model",
            "register",
            "--id",
            "nokey",
            "--name",
            "No key",
            "--owner",
            "olivia",
            "--risk-tier",
            "LOW",
            "--use-case",
            "x",
            "--success-criteria",
            "auc>=0.75");
    assertEquals(2, refused.code(), refused.toString());
    assertEquals(
        "steward: error: the lifecycle trail is keyed (event #"
            + (before + 2)
            + " is an HMAC) and this process has no key; set STEWARD_TRAIL_KEY_FILE to the"
            + " warehouse's trail key file to record changes",
        refused.err().strip());
    assertEquals(before + 2, f.events(), "nothing recorded without the key");

    rewrite(f.wh);
    System.setProperty("steward.trail.key.file", key.toString());
    Cli.Run caught = Cli.runAs("val", f.wh, "model", "verify-trail");
    assertEquals(1, caught.code(), caught.toString());
    assertTrue(
        caught.err().contains("the trail's key is set but no event is keyed"), caught.toString());
  }
}
