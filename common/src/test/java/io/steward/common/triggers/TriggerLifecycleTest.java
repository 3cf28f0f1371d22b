package io.steward.common.triggers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.common.domain.RiskTier;
import io.steward.common.domain.Stage;
import io.steward.common.triggers.ModelFacts.OwnerState;
import io.steward.common.triggers.ModelFacts.VersionFacts;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Raising, deduplicating, escalating, actioning and dismissing across audits; due dates; ids. */
class TriggerLifecycleTest {
  private static final LocalDate DAY = LocalDate.parse("2026-10-30");
  private static final Set<TriggerKind> AUDITED =
      Set.of(TriggerKind.ZOMBIE, TriggerKind.UNREGISTERED);

  private static TriggerLifecycle.Run run(LocalDate day) {
    return new TriggerLifecycle.Run(
        day, Instant.parse(day + "T06:00:00Z"), "svc_audit", "run-" + day);
  }

  private static Finding zombie(String model, String version, ZombieReason r, RiskTier tier) {
    return new Finding(
        new VersionKey(model, version), TriggerKind.ZOMBIE, r.name(), tier, "olivia", "why");
  }

  private static List<Trigger> merge(List<Trigger> before, TriggerLifecycle.Changes c) {
    List<Trigger> out = new ArrayList<>();
    for (Trigger t : before) {
      if (c.all().stream().noneMatch(x -> x.triggerId().equals(t.triggerId()))) {
        out.add(t);
      }
    }
    out.addAll(c.all());
    return out;
  }

  @Test
  void dueDatesByTier() {
    assertEquals(7, TierDeadlines.dueDays(RiskTier.CRITICAL));
    assertEquals(14, TierDeadlines.dueDays(RiskTier.HIGH));
    assertEquals(30, TierDeadlines.dueDays(RiskTier.MEDIUM));
    assertEquals(60, TierDeadlines.dueDays(RiskTier.LOW));
    assertEquals(LocalDate.parse("2026-11-06"), TierDeadlines.due(null, DAY), "unknown: CRITICAL");
    assertEquals(12, TierDeadlines.validationMonths(RiskTier.CRITICAL));
    assertEquals(12, TierDeadlines.validationMonths(RiskTier.HIGH));
    assertEquals(24, TierDeadlines.validationMonths(RiskTier.MEDIUM));
    assertEquals(36, TierDeadlines.validationMonths(RiskTier.LOW));
  }

  @Test
  void idsAreStableAndDistinct() {
    String id = TriggerId.of("credit_limit", "v1", TriggerKind.ZOMBIE, "NO_MONITOR");
    assertEquals(id, TriggerId.of("credit_limit", "v1", TriggerKind.ZOMBIE, "NO_MONITOR"));
    assertTrue(id.matches("zombie-[0-9a-f]{12}"), id);
    assertNotEquals(id, TriggerId.of("credit_limit", "v2", TriggerKind.ZOMBIE, "NO_MONITOR"));
    assertNotEquals(id, TriggerId.of("credit_limit", null, TriggerKind.ZOMBIE, "NO_MONITOR"));
    assertNotEquals(id, TriggerId.of("credit_limit", "v1", TriggerKind.ZOMBIE, "NO_OWNER"));
    assertEquals(id + "-2", TriggerId.episode(id, 2));
    assertEquals(
        "an episode number starts at 1, not 0",
        assertThrows(IllegalArgumentException.class, () -> TriggerId.episode(id, 0)).getMessage());
  }

  @Test
  void raisesOnceThenRerunsChangeNothing() {
    List<Finding> found =
        List.of(
            zombie("credit_limit", "v1", ZombieReason.NO_MONITOR, RiskTier.CRITICAL),
            zombie("credit_limit", "v1", ZombieReason.NO_MONITOR, RiskTier.CRITICAL),
            zombie("churn", "v3", ZombieReason.NO_OWNER, RiskTier.LOW));
    TriggerLifecycle.Changes first =
        TriggerLifecycle.apply(List.of(), found, run(DAY), AUDITED, t -> "answered");
    assertEquals(2, first.raised().size());
    Trigger t = first.raised().get(0);
    assertEquals(TriggerStatus.OPEN, t.status());
    assertEquals(LocalDate.parse("2026-11-06"), t.dueDate());
    assertEquals("svc_audit", t.raisedBy());
    assertEquals(LocalDate.parse("2026-12-29"), first.raised().get(1).dueDate(), "LOW: 60 days");
    TriggerLifecycle.Changes again =
        TriggerLifecycle.apply(first.raised(), found, run(DAY), AUDITED, x -> "answered");
    assertEquals(List.of(), again.all());
  }

  @Test
  void escalatesOncePastDueAndActionsWhatNoLongerHolds() {
    List<Finding> found =
        List.of(
            zombie("credit_limit", "v1", ZombieReason.NO_MONITOR, RiskTier.CRITICAL),
            zombie("credit_limit", "v1", ZombieReason.NO_OWNER, RiskTier.CRITICAL));
    List<Trigger> store =
        TriggerLifecycle.apply(List.of(), found, run(DAY), AUDITED, x -> "answered").raised();
    LocalDate onDue = DAY.plusDays(7);
    assertEquals(
        List.of(),
        TriggerLifecycle.apply(store, found, run(onDue), AUDITED, x -> "answered").all(),
        "due on the 7th day, not yet past it");
    TriggerLifecycle.Changes late =
        TriggerLifecycle.apply(
            store, found.subList(0, 1), run(onDue.plusDays(1)), AUDITED, x -> "owner assigned");
    assertEquals(1, late.escalated().size());
    assertTrue(late.escalated().get(0).escalated());
    assertEquals("NO_MONITOR", late.escalated().get(0).reason());
    assertEquals(1, late.actioned().size());
    Trigger closed = late.actioned().get(0);
    assertEquals(TriggerStatus.ACTIONED, closed.status());
    assertEquals("owner assigned", closed.closeReason());
    assertEquals("svc_audit", closed.closedBy());
    store = merge(store, late);
    assertEquals(
        List.of(),
        TriggerLifecycle.apply(
                store, found.subList(0, 1), run(onDue.plusDays(2)), AUDITED, x -> "answered")
            .all(),
        "escalated once");
  }

  @Test
  void aRecurrenceIsANewEpisodeAndADismissalStands() {
    Finding f = zombie("credit_limit", "v1", ZombieReason.NO_OWNER, RiskTier.HIGH);
    List<Trigger> store =
        TriggerLifecycle.apply(List.of(), List.of(f), run(DAY), AUDITED, x -> "a").raised();
    store = merge(store, TriggerLifecycle.apply(store, List.of(), run(DAY), AUDITED, x -> "a"));
    assertEquals(TriggerStatus.ACTIONED, store.get(0).status());
    TriggerLifecycle.Changes back =
        TriggerLifecycle.apply(store, List.of(f), run(DAY.plusDays(1)), AUDITED, x -> "a");
    assertEquals(store.get(0).triggerId() + "-2", back.raised().get(0).triggerId());
    Trigger dismissed =
        back.raised()
            .get(0)
            .close(TriggerStatus.DISMISSED, "val", Instant.parse("2026-11-01T00:00:00Z"), "ok");
    store = merge(store, back);
    store.set(1, dismissed);
    assertEquals(
        List.of(),
        TriggerLifecycle.apply(store, List.of(f), run(DAY.plusDays(2)), AUDITED, x -> "a").all());
  }

  @Test
  void otherKindsAreOnlyEscalatedAndAnswersCanLeaveOpen() {
    Trigger retrain =
        new Trigger(
            "retrain-x",
            "m",
            "v1",
            TriggerKind.RETRAIN,
            "psi_significant",
            TriggerStatus.OPEN,
            Instant.parse("2026-10-01T00:00:00Z"),
            "svc",
            "r",
            "drift",
            "olivia",
            LocalDate.parse("2026-10-15"),
            false,
            Instant.parse("2026-10-01T00:00:00Z"),
            null,
            null,
            null,
            Trigger.Notification.NONE);
    TriggerLifecycle.Changes c =
        TriggerLifecycle.apply(List.of(retrain), List.of(), run(DAY), AUDITED, x -> "a");
    assertEquals(List.of(), c.actioned());
    assertEquals(1, c.escalated().size());
    Finding unknown =
        new Finding(
            new VersionKey("ghost", "v9"),
            TriggerKind.UNREGISTERED,
            UnregisteredReason.UNKNOWN_MODEL.name(),
            null,
            null,
            "seen");
    List<Trigger> store =
        TriggerLifecycle.apply(List.of(), List.of(unknown), run(DAY), AUDITED, x -> null).raised();
    assertEquals(
        List.of(),
        TriggerLifecycle.apply(store, List.of(), run(DAY), AUDITED, x -> null).all(),
        "left open");
  }

  @Test
  void auditFindingsAndAnswers() {
    ModelFacts m =
        new ModelFacts(
            "credit_limit",
            RiskTier.CRITICAL,
            Stage.PRODUCTION,
            "olivia",
            OwnerState.ACTIVE,
            false,
            null,
            "v1",
            DAY.minusMonths(2),
            Map.of(
                "v1",
                new VersionFacts("v1", Stage.PRODUCTION, null, DAY.minusMonths(1)),
                "v2",
                new VersionFacts("v2", Stage.DEPLOYMENT, null, null)));
    Instant at = Instant.parse("2026-10-30T10:00:00Z");
    List<Traffic> traffic =
        List.of(
            new Traffic(new VersionKey("credit_limit", "v1"), 10, at, List.of("logs")),
            new Traffic(new VersionKey("credit_limit", "v2"), 5, at, List.of("logs")),
            new Traffic(new VersionKey("credit_limit", "v3"), 4, at, List.of("logs")),
            new Traffic(new VersionKey("ghost", "v1"), 3, at, List.of("other")));
    AuditFindings a = AuditFindings.of(traffic, Map.of("credit_limit", m), DAY);
    assertEquals(
        List.of(
            "ZOMBIE NO_MONITOR credit_limit v1",
            "UNREGISTERED UNKNOWN_VERSION credit_limit v3",
            "ZOMBIE NO_MONITOR credit_limit v3",
            "UNREGISTERED UNKNOWN_MODEL ghost v1"),
        a.findings().stream().map(f -> f.kind() + " " + f.reason() + " " + f.subject()).toList());
    assertEquals(
        Set.of(new VersionKey("credit_limit", "v1"), new VersionKey("credit_limit", "v3")),
        a.deciding(),
        "v2 is shadow; unknown v3 serves in the model's stage, validated with the model");
    assertEquals(
        "model ghost is not registered; 3 rows in other, last at 2026-10-30T10:00:00Z",
        a.findings().get(3).evidence());
    assertEquals(null, a.findings().get(3).owner());
    var answers =
        TriggerLifecycle.auditAnswers(
            a, Set.of("credit_limit"), Set.of(new VersionKey("credit_limit", "v1")));
    List<Trigger> raised =
        TriggerLifecycle.apply(List.of(), a.findings(), run(DAY), AUDITED, answers).raised();
    assertEquals("monitor registered", answers.apply(raised.get(0)));
    assertEquals(null, answers.apply(raised.get(1)), "v3 still unknown");
    var registeredNow =
        TriggerLifecycle.auditAnswers(
            new AuditFindings(List.of(), Set.of(), Map.of()),
            Set.of("credit_limit", "ghost"),
            Set.of(new VersionKey("credit_limit", "v3")));
    assertEquals(
        "no decisions in the audit's look-back window", registeredNow.apply(raised.get(0)));
    assertEquals("version added", registeredNow.apply(raised.get(1)));
    assertEquals("model registered", registeredNow.apply(raised.get(3)));
  }
}
