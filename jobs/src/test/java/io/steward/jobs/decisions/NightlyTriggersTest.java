package io.steward.jobs.decisions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.common.decisions.Thresholds;
import io.steward.common.domain.RiskTier;
import io.steward.common.triggers.Trigger;
import io.steward.common.triggers.TriggerLifecycle;
import io.steward.registry.store.AlertStore;
import io.steward.registry.store.RegistryRecords;
import io.steward.registry.store.RuleRows;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The nightly triggers from the registry's records and the results rows as the decisions step reads
 * them: promotions from the trail, validations from the artifacts, traffic and labelled performance
 * from the rows. No Spark.
 */
class NightlyTriggersTest {
  private static final LocalDate NIGHT = LocalDate.parse("2026-03-20");
  private static final Instant RUN = Instant.parse("2026-03-21T02:00:00Z");

  private static RegistryRecords.Model model(String stage, String champion) {
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    return new RegistryRecords.Model(
        "card",
        "Card",
        "x",
        "auc>=0.7",
        List.of(),
        "olivia",
        "MEDIUM",
        List.of(),
        stage,
        champion,
        t,
        "olivia",
        t,
        "olivia");
  }

  private static RegistryRecords.Version version(String v, String stage, String created) {
    Instant t = Instant.parse(created + "T00:00:00Z");
    return new RegistryRecords.Version(
        "card",
        v,
        stage,
        "delta.`/t`",
        0L,
        Map.of(),
        Map.of(),
        null,
        "dev",
        null,
        null,
        null,
        t,
        t);
  }

  private static RegistryRecords.Event moved(String v, String day) {
    return moved(v, day, "gate passed");
  }

  private static RegistryRecords.Event moved(String v, String day, String evidence) {
    return new RegistryRecords.Event(
        1,
        "e",
        Instant.parse(day + "T10:00:00Z"),
        "comm",
        "TRANSITIONED",
        "card",
        v,
        "DEPLOYMENT",
        "PRODUCTION",
        "go",
        evidence,
        "p",
        "h",
        null);
  }

  private static RuleRows.Figure auc(String v, String night, double value) {
    return new RuleRows.Figure(
        "performance_metrics",
        "r",
        "card",
        v,
        LocalDate.parse(night),
        "auc",
        null,
        value,
        0.80,
        value - 0.01,
        value + 0.01,
        500L);
  }

  private static RuleRows.Figure psi(String v, String night) {
    return new RuleRows.Figure(
        "feature_drift",
        "r",
        "card",
        v,
        LocalDate.parse(night),
        "psi",
        "x",
        0.01,
        null,
        null,
        null,
        null);
  }

  private static NightlyTriggers.Inputs inputs(
      RegistryRecords.Model m,
      List<RegistryRecords.Version> versions,
      List<RegistryRecords.Event> events,
      List<RuleRows.Figure> figures,
      List<Trigger> triggers) {
    return new NightlyTriggers.Inputs(
        List.of("card", "ghost"),
        Map.of("card", m),
        Map.of("card", versions),
        Map.of(),
        events,
        Map.of(
            "card",
            Thresholds.defaults(RiskTier.MEDIUM),
            "ghost",
            Thresholds.defaults(RiskTier.MEDIUM)),
        figures,
        List.<AlertStore.Alert>of(),
        triggers,
        List.of());
  }

  @Test
  void aChampionWorseThanItsPredecessorSinceItsPromotionIsRolledBack() {
    List<RuleRows.Figure> figures = new ArrayList<>();
    for (int d = 8; d <= 14; d++) {
      figures.add(auc("v1", String.format("2026-03-%02d", d), 0.80));
    }
    for (int d = 16; d <= 19; d++) {
      figures.add(auc("v2", String.format("2026-03-%02d", d), 0.72));
      figures.add(psi("v2", String.format("2026-03-%02d", d)));
    }
    // A night with too few labels does not count: min_labelled_rows is 200 at MEDIUM.
    figures.add(
        new RuleRows.Figure(
            "performance_metrics",
            "r",
            "card",
            "v2",
            NIGHT,
            "auc",
            null,
            0.95,
            0.80,
            0.9,
            0.99,
            20L));
    NightlyTriggers.Inputs in =
        inputs(
            model("PRODUCTION", "v2"),
            List.of(
                version("v1", "RETIRED", "2025-12-01"), version("v2", "PRODUCTION", "2026-03-05")),
            List.of(moved("v1", "2026-01-02"), moved("v2", "2026-03-15")),
            figures,
            List.of());
    TriggerLifecycle.Changes c = NightlyTriggers.judge(in, NIGHT, RUN, "svc", "run-1");
    assertEquals(1, c.raised().size(), c.toString());
    Trigger t = c.raised().get(0);
    assertEquals(
        "ROLLBACK WORSE_THAN_PREDECESSOR card v2 olivia svc run-1",
        String.join(
            " ",
            t.kind().name(),
            t.reason(),
            t.modelId(),
            t.modelVersion(),
            t.owner(),
            t.raisedBy(),
            t.runId()));
    assertTrue(t.evidence().contains("against 0.8000 for v1 over its last 7 nights"), t.evidence());
    assertEquals(NIGHT.plusDays(30), t.dueDate(), "MEDIUM: due in 30 days");

    // The next night, the same facts: nothing new. Then the champion changes: actioned.
    assertEquals(
        List.of(), NightlyTriggers.judge(inputs(in, c.raised()), NIGHT, RUN, "svc", "run-2").all());
    NightlyTriggers.Inputs rolledBack =
        inputs(
            model("PRODUCTION", "v3"),
            List.of(
                version("v1", "RETIRED", "2025-12-01"),
                version("v2", "RETIRED", "2026-03-05"),
                version("v3", "PRODUCTION", "2026-03-19")),
            List.of(
                moved("v1", "2026-01-02"), moved("v2", "2026-03-15"), moved("v3", "2026-03-20")),
            figures,
            c.raised());
    TriggerLifecycle.Changes after = NightlyTriggers.judge(rolledBack, NIGHT, RUN, "svc", "run-3");
    assertEquals(1, after.actioned().size(), after.toString());
    assertEquals("version v2 retired", after.actioned().get(0).closeReason());
  }

  @Test
  void aPromotionRecordedLaterCountsFromTheDayItTookEffect() {
    List<RuleRows.Figure> figures = new ArrayList<>();
    for (int d = 8; d <= 14; d++) {
      figures.add(auc("v1", String.format("2026-03-%02d", d), 0.80));
    }
    for (int d = 16; d <= 19; d++) {
      figures.add(auc("v2", String.format("2026-03-%02d", d), 0.72));
    }
    List<RegistryRecords.Version> versions =
        List.of(version("v1", "RETIRED", "2025-12-01"), version("v2", "PRODUCTION", "2026-03-05"));
    NightlyTriggers.Inputs recordedLate =
        inputs(
            model("PRODUCTION", "v2"),
            versions,
            List.of(moved("v1", "2026-01-02"), moved("v2", "2026-03-20")),
            figures,
            List.of());
    assertEquals(
        List.of(),
        NightlyTriggers.judge(recordedLate, NIGHT, RUN, "svc", "run-1").raised(),
        "promoted on the night judged: no labelled night since");
    NightlyTriggers.Inputs effective =
        inputs(
            model("PRODUCTION", "v2"),
            versions,
            List.of(
                moved("v1", "2026-01-02"),
                moved("v2", "2026-03-20", "gate passed; effective on 2026-03-15")),
            figures,
            List.of());
    List<Trigger> raised = NightlyTriggers.judge(effective, NIGHT, RUN, "svc", "run-1").raised();
    assertEquals(1, raised.size(), raised.toString());
    assertEquals("ROLLBACK", raised.get(0).kind().name());
    assertTrue(
        raised.get(0).evidence().contains("(promoted 2026-03-15)"), raised.get(0).evidence());
  }

  private static NightlyTriggers.Inputs inputs(NightlyTriggers.Inputs in, List<Trigger> triggers) {
    return new NightlyTriggers.Inputs(
        in.models(),
        in.registered(),
        in.versions(),
        in.artifacts(),
        in.events(),
        in.thresholds(),
        in.figures(),
        in.openAlerts(),
        triggers,
        in.shadowWatches());
  }

  @Test
  void aChampionWithoutTrafficForThirtyDaysIsDiscontinued() {
    NightlyTriggers.Inputs in =
        inputs(
            model("PRODUCTION", "v1"),
            List.of(version("v1", "PRODUCTION", "2025-11-01")),
            List.of(moved("v1", "2025-12-01")),
            List.of(psi("v1", "2026-02-01")),
            List.of());
    TriggerLifecycle.Changes c = NightlyTriggers.judge(in, NIGHT, RUN, "svc", "run-1");
    assertEquals(1, c.raised().size(), c.toString());
    assertEquals("RETIRE", c.raised().get(0).kind().name());
    assertEquals(
        "champion v1 served no rows in the last 30 days (last on 2026-02-01)",
        c.raised().get(0).evidence());
  }
}
