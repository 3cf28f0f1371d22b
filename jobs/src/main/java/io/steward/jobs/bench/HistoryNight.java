package io.steward.jobs.bench;

/**
 * Which night of a history the bench measures ({@code --history-night}): the history's last night,
 * a Sunday with late labels, as a real night often is; or the Saturday before it, whose run does
 * the work of a night alone, so that its time over the night alone's is the cost of the history.
 */
public enum HistoryNight implements CliName {
  /**
   * The Sunday that ends the history: its week window is computed, and a batch of labels for the 7
   * nights before arrives before every run, so that the run recomputes them.
   */
  SUNDAY,
  /**
   * The Saturday before it, with no late labels: one night's window, as for the night alone; the
   * Sunday's rows come after it in the log tables and are skipped like every other night's.
   */
  SATURDAY;
}
