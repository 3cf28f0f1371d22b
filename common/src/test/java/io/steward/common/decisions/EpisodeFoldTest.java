package io.steward.common.decisions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.common.domain.ModelId;
import io.steward.common.domain.RiskTier;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hysteresis, reruns, backfills and manual actions on one series: the PSI of feature {@code
 * income}, judged against the LOW levels (WARN from 0.1, CRITICAL from 0.25).
 */
class EpisodeFoldTest {
  private static final double CRIT = 0.30;
  private static final double WARN = 0.15;
  private static final double OK = 0.05;
  private static final Double NONE = null;

  private static LocalDate day(int d) {
    return LocalDate.parse("2026-03-01").plusDays(d - 1);
  }

  private static Evaluation night(int d, Double psi) {
    return RuleEvaluator.evaluate(
        new Observation(
            new ModelId("credit_limit"),
            "v1",
            Rule.FEATURE_PSI,
            "income",
            day(d),
            psi,
            null,
            null,
            null,
            null,
            "feature_drift[model_version=v1, window_start=" + day(d) + ", feature=income]"),
        Thresholds.defaults(RiskTier.LOW));
  }

  /** Nights 1, 2, ... with these PSI values (null: a skipped night). */
  private static List<Evaluation> series(Double... psi) {
    List<Evaluation> out = new ArrayList<>();
    for (int i = 0; i < psi.length; i++) {
      out.add(night(i + 1, psi[i]));
    }
    return out;
  }

  @Test
  void opensOnTheNthBreachingNightAndNotBefore() {
    assertEquals(List.of(), EpisodeFold.fold(series(OK, WARN, CRIT), 3));
    List<Episode> e = EpisodeFold.fold(series(OK, WARN, CRIT, WARN), 3);
    assertEquals(1, e.size());
    Episode x = e.get(0);
    assertEquals(EpisodeStatus.OPEN, x.status());
    assertEquals(day(2), x.firstBreach());
    assertEquals(day(4), x.openedOn());
    assertEquals(day(4), x.lastBreach());
    assertEquals(3, x.consecutive());
    assertEquals(Severity.CRITICAL, x.severity());
    assertEquals(CRIT, x.worstValue());
    assertEquals(WARN, x.latestValue());
    assertEquals(0.25, x.threshold());
    assertEquals(
        List.of(
            "feature_drift[model_version=v1, window_start=2026-03-02, feature=income]",
            "feature_drift[model_version=v1, window_start=2026-03-03, feature=income]",
            "feature_drift[model_version=v1, window_start=2026-03-04, feature=income]"),
        x.evidence());
    assertEquals(x.key().episodeId(day(2)), x.id());
    assertNull(x.resolvedOn());
  }

  @Test
  void clearsAfterNCleanNightsAndNotBefore() {
    Episode stillOpen = EpisodeFold.fold(series(CRIT, CRIT, CRIT, OK, OK), 3).get(0);
    assertEquals(EpisodeStatus.OPEN, stillOpen.status());
    assertEquals(OK, stillOpen.latestValue());
    assertEquals(day(5), stillOpen.latestNight());

    Episode resolved = EpisodeFold.fold(series(CRIT, CRIT, CRIT, OK, OK, OK), 3).get(0);
    assertEquals(EpisodeStatus.RESOLVED, resolved.status());
    assertEquals(day(6), resolved.resolvedOn());
    assertFalse(resolved.manuallyResolved());

    // A breach among the clean nights starts the count again.
    List<Episode> e = EpisodeFold.fold(series(CRIT, CRIT, CRIT, OK, OK, WARN, OK, OK, OK), 3);
    assertEquals(1, e.size());
    assertEquals(day(9), e.get(0).resolvedOn());
    assertEquals(4, e.get(0).breaches().size());
    assertEquals(1, e.get(0).consecutive());
    assertEquals(day(6), e.get(0).lastBreach());
  }

  @Test
  void anEpisodeAfterAResolvedOneHasItsOwnId() {
    List<Episode> e = EpisodeFold.fold(series(CRIT, OK, WARN, OK, CRIT), 1);
    assertEquals(3, e.size());
    assertEquals(List.of(day(2), day(4)), List.of(e.get(0).resolvedOn(), e.get(1).resolvedOn()));
    assertEquals(EpisodeStatus.OPEN, e.get(2).status());
    assertEquals(3, e.stream().map(Episode::id).distinct().count());
  }

  @Test
  void rerunningANightWithTheSameFiguresGivesIdenticalEpisodes() {
    List<Evaluation> nights = series(OK, CRIT, CRIT, CRIT, OK, WARN, WARN);
    List<Evaluation> rerun = new ArrayList<>(nights);
    rerun.add(night(3, CRIT));
    rerun.add(night(6, WARN));
    assertEquals(EpisodeFold.fold(nights, 2), EpisodeFold.fold(rerun, 2));
  }

  @Test
  void aRerunReplacesItsNight() {
    List<Evaluation> nights = new ArrayList<>(series(CRIT, CRIT, OK));
    nights.add(night(3, CRIT));
    Episode e = EpisodeFold.fold(nights, 3).get(0);
    assertEquals(day(3), e.lastBreach());
    assertEquals(3, e.consecutive());
  }

  @Test
  void anOverlappingBackfillYieldsNoDuplicate() {
    Double[] psi = {OK, CRIT, CRIT, WARN, OK, OK, OK, WARN, WARN, WARN};
    List<Evaluation> all = series(psi);
    List<Evaluation> firstRun = all.subList(0, 6);
    List<Episode> before = EpisodeFold.fold(firstRun, 2);
    List<Evaluation> withBackfill = new ArrayList<>(firstRun);
    withBackfill.addAll(all.subList(3, 10));
    List<Episode> after = EpisodeFold.fold(withBackfill, 2);

    assertEquals(EpisodeFold.fold(all, 2), after);
    assertEquals(2, after.size());
    assertEquals(2, after.stream().map(Episode::id).distinct().count());
    assertEquals(before.get(0).id(), after.get(0).id(), "the first episode keeps its id");
    assertEquals(EpisodeStatus.RESOLVED, after.get(0).status());
    assertEquals(day(8), after.get(1).firstBreach());
  }

  @Test
  void aFlappingSeriesDoesNotOpen() {
    assertEquals(List.of(), EpisodeFold.fold(series(CRIT, OK, CRIT, OK, WARN, OK, CRIT, OK), 2));
  }

  @Test
  void gapsAndSkippedNightsNeitherBreakNorExtendARun() {
    List<Evaluation> nights = new ArrayList<>(series(CRIT, NONE));
    nights.add(night(5, CRIT));
    assertEquals(List.of(), EpisodeFold.fold(nights, 3), "two breaches only");
    nights.add(night(7, WARN));
    Episode e = EpisodeFold.fold(nights, 3).get(0);
    assertEquals(day(1), e.firstBreach());
    assertEquals(day(7), e.openedOn());
    assertEquals(3, e.breaches().size());

    List<Evaluation> open = new ArrayList<>(series(CRIT, CRIT, CRIT, OK, NONE, OK));
    assertEquals(EpisodeStatus.OPEN, EpisodeFold.fold(open, 3).get(0).status());
    open.add(night(8, OK));
    assertEquals(day(8), EpisodeFold.fold(open, 3).get(0).resolvedOn());
  }

  @Test
  void acknowledgedStaysOpenAndQuietUntilItEscalates() {
    List<Evaluation> nights = series(WARN, WARN, WARN);
    String id = EpisodeFold.fold(nights, 2).get(0).id();
    ManualAction ack = new ManualAction(id, ManualAction.Kind.ACKNOWLEDGE, day(3));
    assertEquals(
        EpisodeStatus.ACKNOWLEDGED, EpisodeFold.fold(nights, 2, List.of(ack)).get(0).status());

    List<Evaluation> more = new ArrayList<>(nights);
    more.add(night(4, WARN));
    assertEquals(
        EpisodeStatus.ACKNOWLEDGED, EpisodeFold.fold(more, 2, List.of(ack)).get(0).status());
    more.add(night(5, CRIT));
    assertEquals(
        EpisodeStatus.OPEN,
        EpisodeFold.fold(more, 2, List.of(ack)).get(0).status(),
        "CRITICAL after a WARN was acknowledged");
    ManualAction other = new ManualAction("another", ManualAction.Kind.ACKNOWLEDGE, day(3));
    assertEquals(EpisodeStatus.OPEN, EpisodeFold.fold(nights, 2, List.of(other)).get(0).status());
  }

  @Test
  void aManualResolveClosesItAndANewBreachStartsANewEpisode() {
    List<Evaluation> nights = series(CRIT, CRIT, CRIT, CRIT);
    String id = EpisodeFold.fold(nights, 2).get(0).id();
    ManualAction resolve = new ManualAction(id, ManualAction.Kind.RESOLVE, day(3));

    List<Episode> e = EpisodeFold.fold(nights, 2, List.of(resolve));
    assertEquals(1, e.size(), "night 4 alone does not open an episode with N=2");
    assertEquals(EpisodeStatus.RESOLVED, e.get(0).status());
    assertTrue(e.get(0).manuallyResolved());
    assertEquals(day(3), e.get(0).resolvedOn());
    assertEquals(day(3), e.get(0).lastBreach());

    List<Evaluation> more = new ArrayList<>(nights);
    more.add(night(5, WARN));
    List<Episode> two = EpisodeFold.fold(more, 2, List.of(resolve));
    assertEquals(2, two.size());
    assertEquals(day(4), two.get(1).firstBreach());
    assertNotEquals(id, two.get(1).id());
    assertEquals(EpisodeStatus.OPEN, two.get(1).status());
  }

  @Test
  void oneSeriesPerFold() {
    List<Evaluation> nights = new ArrayList<>(series(CRIT));
    nights.add(
        RuleEvaluator.evaluate(
            new Observation(
                new ModelId("credit_limit"),
                "v2",
                Rule.FEATURE_PSI,
                "income",
                day(2),
                CRIT,
                null,
                null,
                null,
                null,
                "feature_drift[v2]"),
            Thresholds.defaults(RiskTier.LOW)));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> EpisodeFold.fold(nights, 1));
    assertTrue(e.getMessage().startsWith("one series per fold: "), e.getMessage());
  }
}
