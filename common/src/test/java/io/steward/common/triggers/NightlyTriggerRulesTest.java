package io.steward.common.triggers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.common.decisions.Rule;
import io.steward.common.decisions.Severity;
import io.steward.common.decisions.Thresholds;
import io.steward.common.domain.RiskTier;
import io.steward.common.domain.Stage;
import io.steward.common.triggers.ModelHistory.Labelled;
import io.steward.common.triggers.ModelHistory.OpenAlert;
import io.steward.common.triggers.ModelHistory.Version;
import io.steward.common.triggers.NightlyTriggerRules.Settings;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NightlyTriggerRulesTest {
  private static final LocalDate NIGHT = LocalDate.parse("2026-03-20");
  private static final Thresholds MEDIUM = Thresholds.defaults(RiskTier.MEDIUM); // 3 nights

  private static LocalDate day(int d) {
    return LocalDate.parse("2026-03-01").plusDays(d - 1);
  }

  private static Instant at(LocalDate d) {
    return d.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  private static ModelHistory model(
      String champion,
      List<Version> versions,
      List<OpenAlert> alerts,
      List<Labelled> performance,
      Map<String, LocalDate> traffic,
      int retrains) {
    return new ModelHistory(
        "card",
        RiskTier.MEDIUM,
        "olivia",
        Stage.PRODUCTION,
        champion,
        versions,
        alerts,
        performance,
        traffic,
        retrains,
        List.of());
  }

  private static List<String> found(ModelHistory m) {
    return NightlyTriggerRules.findings(m, MEDIUM, NIGHT, Settings.DEFAULTS).stream()
        .map(f -> f.kind() + " " + f.reason() + " " + f.subject())
        .toList();
  }

  private static final Version V1 =
      new Version("v1", Stage.PRODUCTION, at(day(1).minusDays(60)), day(1).minusDays(50), null);

  @Test
  void retrainOnSignificantDriftOrAnyDegradationOfAnOpenEpisode() {
    List<OpenAlert> alerts =
        List.of(
            new OpenAlert("a1", "v1", Rule.FEATURE_PSI, "income", Severity.CRITICAL, day(10)),
            new OpenAlert("a2", "v1", Rule.FEATURE_PSI, "age", Severity.WARN, day(11)),
            new OpenAlert("a3", "v1", Rule.AUC_DROP_ABS, "", Severity.WARN, day(12)));
    ModelHistory m = model("v1", List.of(V1), alerts, List.of(), Map.of("v1", NIGHT), 0);
    assertEquals(List.of("RETRAIN DRIFT card v1", "RETRAIN PERFORMANCE card v1"), found(m));
    Finding drift = NightlyTriggerRules.findings(m, MEDIUM, NIGHT, Settings.DEFAULTS).get(0);
    assertEquals(
        "significant drift: a1 (psi on income, CRITICAL since 2026-03-10)", drift.evidence());
    assertEquals("olivia", drift.owner());

    // Moderate drift alone is an alert, not a retrain; nor is anything about a retired version.
    ModelHistory moderate =
        model("v1", List.of(V1), List.of(alerts.get(1)), List.of(), Map.of("v1", NIGHT), 0);
    assertEquals(List.of(), found(moderate));
    Version retired = new Version("v0", Stage.RETIRED, at(day(1).minusDays(90)), null, null);
    ModelHistory ofRetired =
        model(
            "v1",
            List.of(V1, retired),
            List.of(new OpenAlert("a4", "v0", Rule.SCORE_PSI, "", Severity.CRITICAL, day(3))),
            List.of(),
            Map.of("v1", NIGHT),
            0);
    assertEquals(List.of(), found(ofRetired));
  }

  private static List<Labelled> auc(String version, int from, double... values) {
    List<Labelled> out = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      double v = values[i];
      out.add(new Labelled(version, day(from + i), "auc", true, v, v - 0.01, v + 0.01));
    }
    return out;
  }

  private static ModelHistory promotedOnThe15th(List<Labelled> v2Nights) {
    Version v1 = new Version("v1", Stage.PRODUCTION, at(day(1).minusDays(60)), day(1), null);
    Version v2 = new Version("v2", Stage.PRODUCTION, at(day(5)), day(15), day(12));
    List<Labelled> perf = new ArrayList<>(auc("v1", 8, 0.80, 0.81, 0.79, 0.80, 0.80, 0.81, 0.79));
    perf.addAll(v2Nights);
    return model("v2", List.of(v1, v2), List.of(), perf, Map.of("v1", day(14), "v2", NIGHT), 0);
  }

  @Test
  void rollbackWhenTheNewChampionIsWorseOnEachOfItsLastNightsBeyondTheThresholdAndItsInterval() {
    // v1 averaged 0.80 over its 7 nights before the 15th; v2 is 0.06 to 0.07 below on 3 nights.
    ModelHistory worse = promotedOnThe15th(auc("v2", 16, 0.79, 0.74, 0.73, 0.74));
    List<Finding> f = NightlyTriggerRules.findings(worse, MEDIUM, NIGHT, Settings.DEFAULTS);
    assertEquals(List.of("ROLLBACK WORSE_THAN_PREDECESSOR card v2"), found(worse));
    assertEquals(
        "champion v2 (promoted 2026-03-15) has auc 0.7400, 0.7300, 0.7400 on its last 3 labelled"
            + " nights (latest 2026-03-19) against 0.8000 for v1 over its last 7 nights before;"
            + " threshold auc_drop_abs 0.05",
        f.get(0).evidence());

    // One of the last three nights within the threshold: not yet.
    assertEquals(List.of(), found(promotedOnThe15th(auc("v2", 16, 0.74, 0.78, 0.73, 0.74))));
    // Too few nights since the promotion for the hysteresis.
    assertEquals(List.of(), found(promotedOnThe15th(auc("v2", 16, 0.73, 0.74))));
    // Beyond the threshold but the predecessor's level inside the night's interval.
    List<Labelled> wide = new ArrayList<>();
    for (int d = 16; d <= 18; d++) {
      wide.add(new Labelled("v2", day(d), "auc", true, 0.74, 0.70, 0.81));
    }
    assertEquals(List.of(), found(promotedOnThe15th(wide)));
  }

  @Test
  void rollbackWhenTheLatestWatchedNightInShadowSaysSo() {
    ModelHistory base = promotedOnThe15th(List.of());
    ModelHistory.ShadowWatch keep =
        new ModelHistory.ShadowWatch(day(18), "v2", "v1", false, "the new champion holds");
    ModelHistory.ShadowWatch back =
        new ModelHistory.ShadowWatch(
            day(19), "v2", "v1", true, "the new champion's AUC 0.6 [0.55, 0.65] is below ...");
    ModelHistory.ShadowWatch later =
        new ModelHistory.ShadowWatch(day(21), "v2", "v1", false, "after the night judged");
    ModelHistory.ShadowWatch otherChampion =
        new ModelHistory.ShadowWatch(day(20), "v3", "v2", false, "an older champion's watch");
    ModelHistory watched = withWatches(base, List.of(keep, back, later, otherChampion));
    List<Finding> f = NightlyTriggerRules.findings(watched, MEDIUM, NIGHT, Settings.DEFAULTS);
    assertEquals(List.of("ROLLBACK SHADOW_COMPARISON card v2"), found(watched));
    assertEquals(
        "shadow comparison of champion v2 with v1 on 2026-03-19 recommends rolling back: the new"
            + " champion's AUC 0.6 [0.55, 0.65] is below ...",
        f.get(0).evidence());
    // The latest watched night by the judged one keeps the champion: nothing.
    assertEquals(List.of(), found(withWatches(base, List.of(back, later.withNight(day(20))))));
  }

  private static ModelHistory withWatches(ModelHistory m, List<ModelHistory.ShadowWatch> w) {
    return new ModelHistory(
        m.modelId(),
        m.tier(),
        m.owner(),
        m.stage(),
        m.championVersion(),
        m.versions(),
        m.openAlerts(),
        m.performance(),
        m.lastTraffic(),
        m.retrainsActioned(),
        w);
  }

  @Test
  void pastTheRollbackWindowTheOldVersionIsToRetireNotToReturnTo() {
    ModelHistory worse = promotedOnThe15th(auc("v2", 16, 0.74, 0.73, 0.74));
    List<String> late =
        NightlyTriggerRules.findings(worse, MEDIUM, day(15).plusDays(31), Settings.DEFAULTS)
            .stream()
            .map(f -> f.kind() + " " + f.reason() + " " + f.subject())
            .toList();
    assertEquals(List.of("RETIRE SUPERSEDED card v1"), late);
  }

  @Test
  void versionsRegisteredTheSameDayAreOrderedByTheirInstant() {
    Instant morning = at(day(1).minusDays(90)).plusSeconds(3_600);
    Version v1 = new Version("v1", Stage.DEPLOYMENT, morning, null, null);
    Version v2 =
        new Version("v2", Stage.PRODUCTION, morning.plusSeconds(60), day(1).minusDays(40), null);
    assertEquals(
        List.of("RETIRE SUPERSEDED card v1"),
        found(model("v2", List.of(v1, v2), List.of(), List.of(), Map.of("v2", NIGHT), 0)));
    Version challenger = new Version("v1", Stage.DEPLOYMENT, morning.plusSeconds(120), null, null);
    assertEquals(
        List.of(),
        found(model("v2", List.of(challenger, v2), List.of(), List.of(), Map.of("v2", NIGHT), 0)));
  }

  @Test
  void retireSupersededDiscontinuedAndUnrecoverable() {
    Version v1 =
        new Version("v1", Stage.PRODUCTION, at(day(1).minusDays(90)), day(1).minusDays(80), null);
    Version v2 =
        new Version("v2", Stage.PRODUCTION, at(day(1).minusDays(50)), day(1).minusDays(40), null);
    Version draft = new Version("v0", Stage.DEVELOPMENT, at(day(1).minusDays(100)), null, null);
    ModelHistory superseded =
        model("v2", List.of(draft, v1, v2), List.of(), List.of(), Map.of("v2", NIGHT), 0);
    assertEquals(List.of("RETIRE SUPERSEDED card v1"), found(superseded));
    assertEquals(
        "superseded by champion v2 (promoted 2026-01-20); v1 is still PRODUCTION, idle",
        NightlyTriggerRules.findings(superseded, MEDIUM, NIGHT, Settings.DEFAULTS)
            .get(0)
            .evidence());

    ModelHistory quiet =
        model("v2", List.of(v2), List.of(), List.of(), Map.of("v2", day(1).minusDays(20)), 0);
    assertEquals(List.of("RETIRE DISCONTINUED card v2"), found(quiet));
    ModelHistory busy = model("v2", List.of(v2), List.of(), List.of(), Map.of("v2", day(19)), 0);
    assertEquals(List.of(), found(busy));

    List<OpenAlert> drift =
        List.of(new OpenAlert("a1", "v2", Rule.SCORE_PSI, "", Severity.CRITICAL, day(10)));
    ModelHistory twice = model("v2", List.of(v2), drift, List.of(), Map.of("v2", NIGHT), 2);
    assertEquals(List.of("RETRAIN DRIFT card v2", "RETIRE UNRECOVERABLE card v2"), found(twice));
    ModelHistory once = model("v2", List.of(v2), drift, List.of(), Map.of("v2", NIGHT), 1);
    assertEquals(List.of("RETRAIN DRIFT card v2"), found(once));
  }

  private static Trigger open(TriggerKind kind, String version, String reason, LocalDate raised) {
    return new Trigger(
        TriggerId.of("card", version, kind, reason),
        "card",
        version,
        kind,
        reason,
        TriggerStatus.OPEN,
        raised.atStartOfDay(java.time.ZoneOffset.UTC).toInstant(),
        "steward-nightly",
        "r1",
        "e",
        "olivia",
        raised.plusDays(30),
        false,
        Instant.EPOCH,
        null,
        null,
        null,
        Trigger.Notification.NONE);
  }

  @Test
  void whatAnswersEachKind() {
    Version v1 =
        new Version("v1", Stage.PRODUCTION, at(day(1).minusDays(60)), day(1).minusDays(50), null);
    Version v2 = new Version("v2", Stage.VALIDATION, at(day(12)), null, day(14));
    ModelHistory m = model("v1", List.of(v1, v2), List.of(), List.of(), Map.of("v1", NIGHT), 0);
    var answers = NightlyTriggerRules.answers(Map.of("card", m), NIGHT, Settings.DEFAULTS);
    assertEquals(
        "version v2 validated on 2026-03-14",
        answers.apply(open(TriggerKind.RETRAIN, "v1", "DRIFT", day(10))));
    assertNull(
        answers.apply(open(TriggerKind.RETRAIN, "v1", "DRIFT", day(15))), "validated before");
    assertEquals(
        "champion is now v1",
        answers.apply(open(TriggerKind.ROLLBACK, "v2", "WORSE_THAN_PREDECESSOR", day(16))));
    assertNull(answers.apply(open(TriggerKind.ROLLBACK, "v1", "WORSE_THAN_PREDECESSOR", day(16))));
    assertEquals(
        "version v1 is the champion again",
        answers.apply(open(TriggerKind.RETIRE, "v1", "SUPERSEDED", day(16))));
    assertEquals(
        "traffic again on 2026-03-20",
        answers.apply(open(TriggerKind.RETIRE, "v1", "DISCONTINUED", day(16))));

    Version gone =
        new Version("v1", Stage.RETIRED, at(day(1).minusDays(60)), day(1).minusDays(50), null);
    ModelHistory retired = model(null, List.of(gone), List.of(), List.of(), Map.of(), 0);
    assertEquals(
        "version v1 retired",
        NightlyTriggerRules.answers(Map.of("card", retired), NIGHT, Settings.DEFAULTS)
            .apply(open(TriggerKind.RETRAIN, "v1", "DRIFT", day(10))));
  }

  @Test
  void raisedOnceThenAnsweredThroughTheLifecycle() {
    List<OpenAlert> drift =
        List.of(new OpenAlert("a1", "v1", Rule.SCORE_PSI, "", Severity.CRITICAL, day(10)));
    ModelHistory m = model("v1", List.of(V1), drift, List.of(), Map.of("v1", NIGHT), 0);
    var run = new TriggerLifecycle.Run(NIGHT, Instant.parse("2026-03-21T02:00:00Z"), "svc", "r2");
    var findings = NightlyTriggerRules.findings(m, MEDIUM, NIGHT, Settings.DEFAULTS);
    var answers = NightlyTriggerRules.answers(Map.of("card", m), NIGHT, Settings.DEFAULTS);
    var first =
        TriggerLifecycle.apply(List.of(), findings, run, NightlyTriggerRules.KINDS, answers);
    assertEquals(1, first.raised().size());
    assertTrue(first.raised().get(0).dueDate().isAfter(NIGHT));
    var again =
        TriggerLifecycle.apply(first.raised(), findings, run, NightlyTriggerRules.KINDS, answers);
    assertEquals(List.of(), again.all(), "a rerun raises nothing new");
  }
}
