package io.steward.registry.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class HolderNoteTest {
  private static final Instant SINCE = Instant.parse("2026-03-03T02:30:00.123Z");

  @Test
  void aNoteIsReadBackWithItsLastProgressLine() {
    HolderNote note =
        HolderNote.of("steward nightly 2026-03-02", 4242, "ops", "batch-1", SINCE)
            .reporting("nightly 2026-03-02: scanning 2 log table(s)\n");
    assertEquals(
        "steward nightly 2026-03-02, pid 4242, user ops, host batch-1,"
            + " since 2026-03-03T02:30:00.123Z\nlast: nightly 2026-03-02: scanning 2 log table(s)\n",
        note.text());
    assertEquals(note, HolderNote.parse(note.text()).orElseThrow());
    assertEquals(
        "steward nightly 2026-03-02, pid 4242, user ops, host batch-1,"
            + " since 2026-03-03T02:30:00.123Z; last: nightly 2026-03-02: scanning 2 log table(s)",
        note.describe());
  }

  @Test
  void aProgressLineIsKeptToOneLine() {
    HolderNote note = HolderNote.of("p", 1, "u", "h", SINCE).reporting("two\n  lines ");
    assertEquals("two lines", note.last());
  }

  @Test
  void anEmptyFileIsNoNote() {
    assertTrue(HolderNote.parse("").isEmpty());
    assertTrue(HolderNote.parse(" \n").isEmpty());
  }

  @Test
  void theNoteOfAnEarlierStewardHasNoHost() {
    HolderNote note =
        HolderNote.parse("steward init, pid 77, user ops, since 2026-03-03T02:30:00Z")
            .orElseThrow();
    assertEquals(77L, note.pid());
    assertNull(note.host());
    assertEquals(Instant.parse("2026-03-03T02:30:00Z"), note.since());
    assertNull(note.last());
  }

  @Test
  void textThatIsNoNoteIsShownAsItIs() {
    HolderNote note = HolderNote.parse("someone else's text").orElseThrow();
    assertEquals("someone else's text", note.describe());
    assertNull(note.pid());
    assertNull(note.since());
  }
}
