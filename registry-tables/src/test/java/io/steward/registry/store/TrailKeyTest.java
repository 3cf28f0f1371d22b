package io.steward.registry.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.common.domain.EventType;
import io.steward.common.errors.StewardException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A keyed trail: HMACs that only the key's holder can compute, so a trail rewritten without the
 * key, wholly or from some event on, no longer verifies; without the key its order and links are
 * still checked. Pure: no Spark.
 */
class TrailKeyTest {
  private static final TrailKey KEY =
      TrailKey.of("a trail key of at least thirty-two bytes".getBytes(StandardCharsets.UTF_8));
  private static final TrailKey OTHER =
      TrailKey.of("another key, also thirty-two bytes long".getBytes(StandardCharsets.UTF_8));

  private static List<RegistryRecords.NewEvent> events(int n, String reason) {
    List<RegistryRecords.NewEvent> out = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      out.add(
          new RegistryRecords.NewEvent(
              "ana", EventType.TRANSITIONED, "m", "v1", "A", "B", reason + " " + i, null));
    }
    return out;
  }

  private static List<RegistryRecords.Event> plainThenKeyed(String reason) {
    List<RegistryRecords.Event> trail =
        new ArrayList<>(EventLog.chain(0, EventLog.GENESIS, events(3, reason), null, null));
    RegistryRecords.Event last = trail.get(2);
    trail.addAll(EventLog.chain(last.seq(), last.hash(), events(2, "keyed"), null, KEY));
    return trail;
  }

  @Test
  void aKeyedTrailVerifiesUnderItsKeyAndOnlyByItsLinksWithoutIt() {
    List<RegistryRecords.Event> trail = plainThenKeyed("plain");
    assertTrue(trail.get(3).hash().startsWith("hmac:"), trail.get(3).hash());
    assertEquals(64 + 5, trail.get(3).hash().length());
    assertEquals(new EventLog.Check(null, 4, 0), EventLog.check(trail, KEY));
    assertEquals(new EventLog.Check(null, 4, 2), EventLog.check(trail, null));
    assertNull(EventLog.verify(trail), "links and plain hashes hold without the key");
  }

  @Test
  void aFullRewriteWithoutTheKeyIsDetectedUnderIt() {
    List<RegistryRecords.Event> rewritten =
        EventLog.chain(0, EventLog.GENESIS, events(5, "rewritten"), null, null);
    assertNull(EventLog.verify(rewritten), "a rewrite is a valid plain chain");
    assertEquals(
        "the trail's key is set but no event is keyed: the trail was rewritten without the key, or"
            + " it was never sealed (run steward init with STEWARD_TRAIL_KEY_FILE set)",
        EventLog.check(rewritten, KEY).broken());
  }

  @Test
  void aRewriteOfTheKeyedEventsOrTheirPastIsDetected() {
    List<RegistryRecords.Event> trail = plainThenKeyed("plain");
    // The keyed events rewritten as plain ones: plain after keyed is refused even without the key.
    List<RegistryRecords.Event> tail =
        EventLog.chain(3, trail.get(2).hash(), events(2, "forged"), null, null);
    List<RegistryRecords.Event> forged = new ArrayList<>(trail.subList(0, 4));
    forged.add(tail.get(1).withHash(tail.get(1).hash()));
    String broken = EventLog.check(forged, null).broken();
    assertTrue(broken != null && broken.startsWith("event #5 ("), broken);
    // The plain past rewritten consistently: the first keyed event no longer follows it.
    List<RegistryRecords.Event> past =
        new ArrayList<>(EventLog.chain(0, EventLog.GENESIS, events(3, "changed"), null, null));
    past.addAll(trail.subList(3, 5));
    assertTrue(
        EventLog.check(past, KEY).broken().contains("does not follow event #3"),
        EventLog.check(past, KEY).broken());
    // A keyed event re-signed with another key fails under the trail's key.
    List<RegistryRecords.Event> resigned = new ArrayList<>(trail.subList(0, 3));
    resigned.addAll(EventLog.chain(3, trail.get(2).hash(), events(2, "keyed"), null, OTHER));
    assertTrue(
        EventLog.check(resigned, KEY).broken().endsWith("its hash does not match its fields"),
        EventLog.check(resigned, KEY).broken());
  }

  @Test
  void onlyTheKeysHolderMayContinueAKeyedTrail() {
    List<RegistryRecords.Event> trail = plainThenKeyed("plain");
    RegistryRecords.Event head = trail.get(4);
    StewardException none =
        assertThrows(StewardException.class, () -> EventLog.requireKeyToFollow(head, null));
    assertEquals(
        "the lifecycle trail is keyed (event #5 is an HMAC) and this process has no key; set"
            + " STEWARD_TRAIL_KEY_FILE to the warehouse's trail key file to record changes",
        none.getMessage());
    StewardException wrong =
        assertThrows(StewardException.class, () -> EventLog.requireKeyToFollow(head, OTHER));
    assertTrue(wrong.getMessage().startsWith("the key in STEWARD_TRAIL_KEY_FILE does not match"));
    EventLog.requireKeyToFollow(head, KEY);
    EventLog.requireKeyToFollow(trail.get(2), null);
  }

  @Test
  void aKeyFileMustBeReadableAndLongEnough(@TempDir Path dir) throws Exception {
    Path shortKey = dir.resolve("short");
    Files.writeString(shortKey, "too short\n");
    assertEquals(
        "STEWARD_TRAIL_KEY_FILE names "
            + shortKey
            + ", which holds 9 bytes, fewer than 32; point it at a readable file holding the trail's"
            + " key (at least 32 bytes, e.g. from: head -c 32 /dev/urandom | base64)",
        assertThrows(StewardException.class, () -> TrailKey.fromFile(shortKey)).getMessage());
    assertTrue(
        assertThrows(StewardException.class, () -> TrailKey.fromFile(dir.resolve("absent")))
            .getMessage()
            .contains("which cannot be read"));
    Path good = dir.resolve("key");
    Files.writeString(good, "  a trail key of at least thirty-two bytes\n");
    RegistryRecords.Event e =
        EventLog.chain(0, EventLog.GENESIS, events(1, "x"), null, TrailKey.fromFile(good)).get(0);
    assertEquals(EventLog.hash(e, KEY), e.hash(), "surrounding whitespace is not part of the key");
  }
}
