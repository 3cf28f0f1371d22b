package io.steward.jobs.notify;

import java.time.Instant;

/**
 * The outcome of announcing one alert or trigger, as its row records it.
 *
 * @param status what happened
 * @param error why a delivery failed, one line naming the webhook's host but never its path (a
 *     webhook's path is often its secret); null unless FAILED
 * @param at when the attempt ended
 */
public record Delivery(Status status, String error, Instant at) {
  /** Whether the announcement reached its webhook. */
  public enum Status {
    /** The webhook answered 2xx. */
    DELIVERED,
    /** The webhook could not be reached, timed out or answered otherwise; retried next run. */
    FAILED,
    /** No webhook is configured for the owner, the tier or by default. */
    NO_ROUTE
  }

  public Delivery {
    if (status == null || at == null) {
      throw new IllegalArgumentException("a delivery needs its status and time");
    }
    if ((status == Status.FAILED) != (error != null)) {
      throw new IllegalArgumentException("a failed delivery, and only one, has an error");
    }
  }

  /** Whether the next run should try again. */
  public boolean retry() {
    return status == Status.FAILED;
  }
}
