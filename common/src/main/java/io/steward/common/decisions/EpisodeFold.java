package io.steward.common.decisions;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Folds the judged nights of one series into episodes, with hysteresis N ({@code
 * consecutive_windows}). A pure function of its input: the same nights give the same episodes with
 * the same ids, so a rerun or an overlapping backfill updates episodes instead of duplicating them.
 *
 * <ul>
 *   <li>One outcome per night: when a night is given more than once, the later in the list wins (a
 *       rerun replaces the night).
 *   <li>An episode opens on the N-th breaching night in a row; its first breach is the first of
 *       those N. It stays open while nights breach, and resolves on the N-th clean night in a row.
 *   <li>Nights without an outcome and skipped nights are gaps: neither a breach nor a clean night,
 *       they neither extend nor break a run. A figure that cannot be judged says nothing.
 * </ul>
 */
public final class EpisodeFold {
  private EpisodeFold() {}

  /** The episodes of one series, in order of first breach. */
  public static List<Episode> fold(List<Evaluation> nights, int consecutiveWindows) {
    return fold(nights, consecutiveWindows, List.of());
  }

  /**
   * The episodes of one series with people's actions applied: a RESOLVE closes its episode on the
   * action's night (later breaches need N nights in a row to open a new episode); an ACKNOWLEDGE
   * makes an open episode ACKNOWLEDGED unless it breached at a worse severity after the action's
   * night (an escalation is OPEN again). Actions for other episodes are ignored.
   */
  public static List<Episode> fold(
      List<Evaluation> nights, int consecutiveWindows, List<ManualAction> actions) {
    if (consecutiveWindows < 1) {
      throw new IllegalArgumentException("consecutive_windows must be >= 1: " + consecutiveWindows);
    }
    TreeMap<LocalDate, Evaluation> byNight = new TreeMap<>();
    SeriesKey key = null;
    for (Evaluation e : nights) {
      if (key == null) {
        key = e.observation().key();
      } else if (!key.equals(e.observation().key())) {
        throw new IllegalArgumentException(
            "one series per fold: " + key + " and " + e.observation().key());
      }
      byNight.put(e.observation().night(), e);
    }
    Map<String, LocalDate> resolves = new HashMap<>();
    Map<String, LocalDate> acks = new HashMap<>();
    for (ManualAction a : actions) {
      (a.kind() == ManualAction.Kind.RESOLVE ? resolves : acks)
          .merge(a.episodeId(), a.night(), (x, y) -> x.isAfter(y) ? x : y);
    }
    List<Episode> out = new ArrayList<>();
    List<Evaluation> run = new ArrayList<>();
    Open open = null;
    for (Evaluation e : byNight.values()) {
      LocalDate night = e.observation().night();
      if (open != null && resolves.containsKey(open.id) && resolves.get(open.id).isBefore(night)) {
        out.add(open.resolved(resolves.get(open.id), true));
        open = null;
        run.clear();
      }
      if (e.isSkipped()) {
        continue;
      }
      if (open == null) {
        if (e.clean()) {
          run.clear();
        } else {
          run.add(e);
          if (run.size() == consecutiveWindows) {
            open = new Open(key, run, night);
            run.clear();
          }
        }
      } else if (open.add(e) == consecutiveWindows) {
        out.add(open.resolved(night, false));
        open = null;
      }
    }
    if (open != null) {
      out.add(
          resolves.containsKey(open.id)
              ? open.resolved(resolves.get(open.id), true)
              : open.acknowledged(acks.get(open.id)));
    }
    return out;
  }

  /** An episode being folded. */
  private static final class Open {
    final SeriesKey key;
    final String id;
    final LocalDate openedOn;
    final List<Episode.Breach> breaches = new ArrayList<>();
    int run;
    int clean;
    Evaluation latest;

    Open(SeriesKey key, List<Evaluation> run, LocalDate openedOn) {
      this.key = key;
      this.id = key.episodeId(run.get(0).observation().night());
      this.openedOn = openedOn;
      run.forEach(this::add);
    }

    /** Adds a judged night; returns the clean nights in a row so far. */
    int add(Evaluation e) {
      latest = e;
      if (e.clean()) {
        return ++clean;
      }
      run = clean > 0 ? 1 : run + 1;
      clean = 0;
      breaches.add(
          new Episode.Breach(
              e.observation().night(),
              e.severity(),
              e.measured(),
              e.threshold(),
              e.observation().evidence()));
      return 0;
    }

    Episode resolved(LocalDate on, boolean manual) {
      LocalDate night = on.isBefore(openedOn) ? openedOn : on;
      return episode(EpisodeStatus.RESOLVED, night, manual);
    }

    Episode acknowledged(LocalDate ackNight) {
      if (ackNight == null) {
        return episode(EpisodeStatus.OPEN, null, false);
      }
      Severity covered = Severity.NONE;
      Severity after = Severity.NONE;
      for (Episode.Breach b : breaches) {
        if (b.night().isAfter(ackNight)) {
          after = after.worse(b.severity());
        } else {
          covered = covered.worse(b.severity());
        }
      }
      boolean quiet = covered != Severity.NONE && after.worse(covered) == covered;
      return episode(quiet ? EpisodeStatus.ACKNOWLEDGED : EpisodeStatus.OPEN, null, false);
    }

    private Episode episode(EpisodeStatus status, LocalDate resolvedOn, boolean manual) {
      return new Episode(
          id,
          key,
          status,
          breaches,
          run,
          latest.measured(),
          latest.observation().night(),
          openedOn,
          resolvedOn,
          manual);
    }
  }
}
