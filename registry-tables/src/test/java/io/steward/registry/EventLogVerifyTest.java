package io.steward.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.steward.common.domain.EventType;
import io.steward.registry.store.EventLog;
import io.steward.registry.store.RegistryRecords;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventLogVerifyTest {
  private static List<RegistryRecords.Event> chain(int n) {
    List<RegistryRecords.Event> out = new ArrayList<>();
    String prev = EventLog.GENESIS;
    for (int i = 1; i <= n; i++) {
      RegistryRecords.Event e = event(i, "e" + i, "alice", "reason " + i, prev, "");
      e = event(i, "e" + i, "alice", "reason " + i, prev, EventLog.hash(e));
      out.add(e);
      prev = e.hash();
    }
    return out;
  }

  private static RegistryRecords.Event event(
      long seq, String id, String actor, String reason, String prev, String hash) {
    return event(seq, id, actor, EventType.APPROVED.name(), reason, prev, hash);
  }

  private static RegistryRecords.Event event(
      long seq, String id, String actor, String type, String reason, String prev, String hash) {
    return new RegistryRecords.Event(
        seq,
        id,
        Instant.parse("2026-01-01T00:00:00Z").plusSeconds(seq),
        actor,
        type,
        "m",
        null,
        "DEVELOPMENT",
        "VALIDATION",
        reason,
        null,
        prev,
        hash,
        null);
  }

  @Test
  void intactChainVerifies() {
    assertNull(EventLog.verify(chain(5)));
    assertNull(EventLog.verify(List.of()));
  }

  @Test
  void alteredEventIsNamed() {
    List<RegistryRecords.Event> c = chain(5);
    RegistryRecords.Event e = c.get(2);
    c.set(2, event(e.seq(), e.eventId(), "mallory", e.reason(), e.prevHash(), e.hash()));
    assertEquals(
        "event #3 (e3, APPROVED by mallory) was altered out of band: its hash does not match its fields",
        EventLog.verify(c));
  }

  @Test
  void eventTypeAlteredToOneStewardNeverWritesIsNamed() {
    List<RegistryRecords.Event> c = chain(5);
    RegistryRecords.Event e = c.get(1);
    c.set(1, event(e.seq(), e.eventId(), e.actor(), "ERASED", e.reason(), e.prevHash(), e.hash()));
    assertEquals(
        "event #2 (e2, ERASED by alice) was altered out of band: its hash does not match its fields",
        EventLog.verify(c));
  }

  @Test
  void removedEventIsNamed() {
    List<RegistryRecords.Event> c = chain(5);
    c.remove(3);
    assertEquals("event #4 is missing: removed out of band (next is #5)", EventLog.verify(c));
  }

  @Test
  void insertedEventIsNamed() {
    List<RegistryRecords.Event> c = chain(5);
    RegistryRecords.Event forged = event(3, "x", "mallory", "forged", EventLog.GENESIS, "");
    c.add(3, event(3, "x", "mallory", "forged", EventLog.GENESIS, EventLog.hash(forged)));
    assertEquals("event #3 (x) appears twice or was inserted out of band", EventLog.verify(c));
    List<RegistryRecords.Event> d = chain(3);
    RegistryRecords.Event e = d.get(1);
    RegistryRecords.Event rechained =
        event(2, e.eventId(), e.actor(), "rewritten", EventLog.GENESIS, "");
    d.set(
        1,
        event(2, e.eventId(), e.actor(), "rewritten", EventLog.GENESIS, EventLog.hash(rechained)));
    assertEquals(
        "event #2 (e2) does not follow event #1: inserted or reordered out of band",
        EventLog.verify(d));
  }
}
