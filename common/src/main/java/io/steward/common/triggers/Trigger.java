package io.steward.common.triggers;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One trigger as {@code steward.triggers} holds it.
 *
 * @param reason the kind's reason ({@link ZombieReason}, {@link UnregisteredReason}, or the nightly
 *     rule's for the other kinds)
 * @param evidence what was found, in words, when it was raised
 * @param owner who must answer it: the model's owner, null for a model nobody registered
 * @param notification the delivery of its notification
 */
public record Trigger(
    String triggerId,
    String modelId,
    String modelVersion,
    TriggerKind kind,
    String reason,
    TriggerStatus status,
    Instant raisedAt,
    String raisedBy,
    String runId,
    String evidence,
    String owner,
    LocalDate dueDate,
    boolean escalated,
    Instant updatedAt,
    Instant closedAt,
    String closedBy,
    String closeReason,
    Notification notification) {

  /** How a trigger's notification went; {@link #NONE} until one is attempted. */
  public record Notification(String status, int attempts, Instant at, String error) {
    public static final Notification NONE = new Notification(null, 0, null, null);
  }

  public Trigger {
    Objects.requireNonNull(triggerId, "triggerId");
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(raisedAt, "raisedAt");
    Objects.requireNonNull(dueDate, "dueDate");
    Objects.requireNonNull(notification, "notification");
    if ((status == TriggerStatus.OPEN) != (closedAt == null)) {
      throw new IllegalArgumentException(
          "trigger " + triggerId + " is " + status + " but closed_at is " + closedAt);
    }
  }

  /** The thing it is about, whichever episode it is. */
  public String key() {
    return TriggerId.of(modelId, modelVersion, kind, reason);
  }

  /** Whether it is OPEN past its due date on {@code day}. */
  public boolean overdue(LocalDate day) {
    return status == TriggerStatus.OPEN && day.isAfter(dueDate);
  }

  /** Days from when it was raised to {@code at}. */
  public long ageDays(Instant at) {
    return java.time.Duration.between(raisedAt, at).toDays();
  }

  /** This trigger with the outcome of announcing it. */
  public Trigger withNotification(Notification n) {
    return new Trigger(
        triggerId,
        modelId,
        modelVersion,
        kind,
        reason,
        status,
        raisedAt,
        raisedBy,
        runId,
        evidence,
        owner,
        dueDate,
        escalated,
        updatedAt,
        closedAt,
        closedBy,
        closeReason,
        n);
  }

  public Trigger escalate(Instant at) {
    return new Trigger(
        triggerId,
        modelId,
        modelVersion,
        kind,
        reason,
        status,
        raisedAt,
        raisedBy,
        runId,
        evidence,
        owner,
        dueDate,
        true,
        at,
        closedAt,
        closedBy,
        closeReason,
        notification);
  }

  /** Closed as ACTIONED or DISMISSED by {@code by} at {@code at}, for {@code why}. */
  public Trigger close(TriggerStatus to, String by, Instant at, String why) {
    if (to == TriggerStatus.OPEN) {
      throw new IllegalArgumentException("a trigger closes as ACTIONED or DISMISSED, not OPEN");
    }
    return new Trigger(
        triggerId,
        modelId,
        modelVersion,
        kind,
        reason,
        to,
        raisedAt,
        raisedBy,
        runId,
        evidence,
        owner,
        dueDate,
        escalated,
        at,
        at,
        by,
        why,
        notification);
  }
}
