package io.steward.common.metrics.operational;

import java.time.Duration;
import java.time.Instant;

/**
 * A window's freshness in hours: how old its newest event is at the window's end. A window without
 * events is as stale as the previous window plus its own length.
 */
public final class Freshness {
  private Freshness() {}

  /** Hours from the newest event ({@code newestMicros}, since the epoch) to {@code windowEnd}. */
  public static double hours(Instant windowEnd, long newestMicros) {
    long endMicros = Duration.between(Instant.EPOCH, windowEnd).toNanos() / 1000;
    return (endMicros - newestMicros) / 3.6e9;
  }

  /**
   * The freshness of a window without events: the previous window's plus the window's {@code
   * length}; null when the previous window's is unknown.
   */
  public static Double carried(Double previous, Duration length) {
    return previous == null ? null : previous + length.toHours();
  }
}
