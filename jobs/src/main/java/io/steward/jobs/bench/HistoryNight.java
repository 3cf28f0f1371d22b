package io.steward.jobs.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Which night of a history the bench measures ({@code --history-night}): the history's last night,
 * a Sunday with late labels, as a real night often is; or the Saturday before it, whose run does
 * the work of a night alone, so that its time over the night alone's is the cost of the history.
 */
public enum HistoryNight {
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

  /** The name on the command line. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<HistoryNight> named(String name) {
    return Arrays.stream(values()).filter(n -> n.cliName().equals(name)).findFirst();
  }

  public static String names() {
    return Arrays.stream(values()).map(HistoryNight::cliName).collect(Collectors.joining(", "));
  }
}
