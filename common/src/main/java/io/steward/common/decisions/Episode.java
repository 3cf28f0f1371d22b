package io.steward.common.decisions;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;

/**
 * One alert episode of a series: from the first of the {@code consecutive_windows} breaching nights
 * that opened it, through every breaching night while open, to its resolution.
 *
 * @param id {@link SeriesKey#episodeId} of the key and the first breaching night: stable across
 *     reruns and backfills
 * @param breaches the breaching nights, in order; the first is the first breach
 * @param consecutive the breaching nights in a row that end at the last breach (skipped nights and
 *     nights without a figure do not break a run)
 * @param latestValue the measured figure of the latest judged night of the episode, breaching or
 *     not
 * @param latestNight that night
 * @param openedOn the night the episode opened (the {@code consecutive_windows}-th breach)
 * @param resolvedOn the night it was resolved; null unless RESOLVED
 * @param manuallyResolved whether a person resolved it, rather than clean nights
 */
public record Episode(
    String id,
    SeriesKey key,
    EpisodeStatus status,
    List<Breach> breaches,
    int consecutive,
    double latestValue,
    LocalDate latestNight,
    LocalDate openedOn,
    LocalDate resolvedOn,
    boolean manuallyResolved) {

  /**
   * One breaching night.
   *
   * @param value the measured figure (see {@link Evaluation#measured()})
   * @param threshold the level it crossed
   * @param evidence the results row, from the observation
   */
  public record Breach(
      LocalDate night, Severity severity, double value, double threshold, String evidence) {
    public Breach {
      if (night == null || severity == null || severity == Severity.NONE || evidence == null) {
        throw new IllegalArgumentException("a breach has a night, WARN or CRITICAL and evidence");
      }
    }
  }

  public Episode {
    breaches = List.copyOf(breaches);
    if (id == null || key == null || status == null || breaches.isEmpty() || openedOn == null) {
      throw new IllegalArgumentException("an episode has an id, key, status, breaches, opening");
    }
    if (!id.equals(key.episodeId(breaches.get(0).night()))) {
      throw new IllegalArgumentException("episode id " + id + " is not its key's and first night");
    }
    if ((status == EpisodeStatus.RESOLVED) != (resolvedOn != null)
        || (manuallyResolved && resolvedOn == null)) {
      throw new IllegalArgumentException("an episode has a resolution night iff it is RESOLVED");
    }
    if (consecutive < 1 || consecutive > breaches.size()) {
      throw new IllegalArgumentException("consecutive breaches out of range: " + consecutive);
    }
  }

  /** The worst severity of its breaches. */
  public Severity severity() {
    return breaches.stream().map(Breach::severity).reduce(Severity.NONE, Severity::worse);
  }

  public LocalDate firstBreach() {
    return breaches.get(0).night();
  }

  public LocalDate lastBreach() {
    return breaches.get(breaches.size() - 1).night();
  }

  /** The worst measured figure: the highest for a ceiling, the lowest for a floor. */
  public double worstValue() {
    Comparator<Breach> byValue = Comparator.comparingDouble(Breach::value);
    return (key.rule().direction() == Rule.Direction.HIGHER_IS_WORSE
            ? breaches.stream().max(byValue)
            : breaches.stream().min(byValue))
        .orElseThrow()
        .value();
  }

  /** The level of the latest breach at the episode's severity. */
  public double threshold() {
    Severity worst = severity();
    return breaches.stream()
        .filter(b -> b.severity() == worst)
        .reduce((a, b) -> b)
        .orElseThrow()
        .threshold();
  }

  /** The evidence of every breaching night, in order. */
  public List<String> evidence() {
    return breaches.stream().map(Breach::evidence).toList();
  }
}
