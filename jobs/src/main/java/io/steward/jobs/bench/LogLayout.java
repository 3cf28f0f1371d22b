package io.steward.jobs.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How a history's log tables are laid out ({@code --layout}): the ways users keep theirs, whose
 * cost for one night's run the bench measures.
 */
public enum LogLayout {
  /** Unpartitioned, appended in arrival order: each file holds a few hours of one night. */
  ARRIVAL,
  /** Partitioned by a date column generated from the timestamp (whole folders skipped). */
  DATE,
  /** Liquid-clustered by the timestamp, clustered by an OPTIMIZE after the history is written. */
  CLUSTERED;

  /** The name on the command line. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<LogLayout> named(String name) {
    return Arrays.stream(values()).filter(l -> l.cliName().equals(name)).findFirst();
  }

  public static String names() {
    return Arrays.stream(values()).map(LogLayout::cliName).collect(Collectors.joining(", "));
  }
}
