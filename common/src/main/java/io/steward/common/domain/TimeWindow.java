package io.steward.common.domain;

import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * A half-open range of whole nights [first 00:00 UTC, last + 1 day 00:00 UTC) cut into windows of
 * one granularity. A single night is a range whose first and last day are equal.
 */
public record TimeWindow(LocalDate first, LocalDate last, Granularity granularity) {
  public TimeWindow {
    if (first == null || last == null || granularity == null) {
      throw new IllegalArgumentException(
          "a window needs a first day, a last day and a granularity");
    }
    if (last.isBefore(first)) {
      throw new IllegalArgumentException(
          "window ends (" + last + ") before it starts (" + first + ")");
    }
  }

  public static TimeWindow night(LocalDate day) {
    return new TimeWindow(day, day, Granularity.DAY);
  }

  /** Start of the first window, inclusive. */
  public java.time.Instant start() {
    return first.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** End of the last window, exclusive. */
  public java.time.Instant end() {
    return granularity.next(last).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  @Override
  public String toString() {
    return first.equals(last) ? first.toString() : first + ".." + last;
  }
}
