package io.steward.jobs.decisions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.steward.registry.store.AlertStore;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a run raised, compared with the alerts before it: by series, not by id. No Spark. */
class RaisedAlertsTest {
  static AlertStore.Alert alert(String id, String subject, String status, String severity) {
    LocalDate d = LocalDate.of(2026, 3, 2);
    return new AlertStore.Alert(
        id,
        "m1",
        "v1",
        "psi",
        subject,
        status,
        severity,
        d,
        d,
        d,
        null,
        2,
        0.4,
        0.4,
        0.25,
        false,
        "olivia",
        List.of("e"),
        "r1",
        null,
        null,
        null,
        null,
        null,
        null,
        0,
        null,
        null);
  }

  static List<String> raised(List<AlertStore.Alert> before, List<AlertStore.Alert> open) {
    return DecisionsAction.raised(before, open).stream()
        .map(r -> r.alert().alertId() + (r.escalated() ? " escalated" : " new"))
        .toList();
  }

  @Test
  void newAndEscalatedEpisodesAreRaisedAndNothingElse() {
    assertEquals(List.of("a new"), raised(List.of(), List.of(alert("a", "x", "OPEN", "WARN"))));
    assertEquals(
        List.of("a escalated"),
        raised(
            List.of(alert("a", "x", "ACKNOWLEDGED", "WARN")),
            List.of(alert("a", "x", "OPEN", "CRITICAL"))));
    assertEquals(
        List.of(),
        raised(
            List.of(alert("a", "x", "OPEN", "CRITICAL")),
            List.of(alert("a", "x", "OPEN", "CRITICAL"))));
    assertEquals(
        List.of(),
        raised(
            List.of(alert("a", "x", "OPEN", "CRITICAL")), List.of(alert("a", "x", "OPEN", "WARN"))),
        "a milder night is no news");
  }

  @Test
  void aBackfillThatMovesTheFirstBreachRaisesNothingButANewEpisodeAfterAResolvedOneDoes() {
    assertEquals(
        List.of(),
        raised(List.of(alert("a", "x", "OPEN", "WARN")), List.of(alert("b", "x", "OPEN", "WARN"))));
    assertEquals(
        List.of("b new"),
        raised(
            List.of(alert("a", "x", "RESOLVED", "CRITICAL")),
            List.of(alert("b", "x", "OPEN", "WARN"))));
    assertEquals(
        List.of("c new"),
        raised(List.of(alert("a", "x", "OPEN", "WARN")), List.of(alert("c", "y", "OPEN", "WARN"))));
  }
}
