package io.steward.jobs.bench;

/**
 * How a history's log tables are laid out ({@code --layout}): the ways users keep theirs, whose
 * cost for one night's run the bench measures.
 */
public enum LogLayout implements CliName {
  /** Unpartitioned, appended in arrival order: each file holds a few hours of one night. */
  ARRIVAL,
  /** Partitioned by a date column generated from the timestamp (whole folders skipped). */
  DATE,
  /** Liquid-clustered by the timestamp, clustered by an OPTIMIZE after the history is written. */
  CLUSTERED;
}
