package io.steward.common.domain;

import java.time.Duration;
import java.time.LocalDate;

/**
 * How long a monitoring window is: a DAY (00:00 UTC to 00:00 UTC) or an ISO WEEK (Monday 00:00 UTC
 * to the next Monday). The name is how the results tables spell it.
 */
public enum Granularity {
  DAY(1),
  WEEK(7);

  private final int days;

  Granularity(int days) {
    this.days = days;
  }

  /** The window's length. */
  public Duration length() {
    return Duration.ofDays(days);
  }

  /** The first day after the window that starts at {@code start}. */
  public LocalDate next(LocalDate start) {
    return start.plusDays(days);
  }
}
