package io.steward.common.domain;

import java.time.LocalDate;

/** How long a monitoring window is. */
public enum Granularity {
  DAY;

  /** The first instant after the window that starts at {@code start}. */
  public LocalDate next(LocalDate start) {
    return start.plusDays(1);
  }
}
