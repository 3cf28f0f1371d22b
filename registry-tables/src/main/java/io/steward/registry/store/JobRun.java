package io.steward.registry.store;

import io.steward.common.domain.Granularity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One run of a job as recorded in {@code steward.job_runs}. Immutable: a run is created RUNNING by
 * {@link #builder} and moves to a final status by a copy ({@link #succeeded}, {@link #failed}, or
 * {@link #abandoned} when its process died without recording an end).
 */
public record JobRun(
    String runId,
    String command,
    List<String> models,
    Granularity granularity,
    Instant windowStart,
    Instant windowEnd,
    List<Input> inputs,
    Long rowsRead,
    Status status,
    String message,
    String error,
    Instant startedAt,
    Instant finishedAt,
    String runBy,
    String host,
    String stewardVersion,
    List<Rejected> rejected,
    String trailHead) {

  public JobRun {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(startedAt, "startedAt");
    models = List.copyOf(models);
    inputs = List.copyOf(inputs);
    rejected = List.copyOf(rejected);
  }

  /**
   * A table the run read, at the Delta version it read.
   *
   * @param scans how many times the run's query plans scanned the table's files
   * @param role what the table was read for (predictions, labels, label lookup)
   */
  public record Input(String table, Long deltaVersion, Long rowsRead, Integer scans, String role) {
    public Input(String table, Long deltaVersion, Long rowsRead) {
      this(table, deltaVersion, rowsRead, null, null);
    }
  }

  /** Bad input rows of a model, counted by reason. */
  public record Rejected(String modelId, String reason, long rows) {}

  public enum Status {
    RUNNING,
    SUCCEEDED,
    FAILED,
    /** Its process ended without recording an end (killed, or its machine stopped). */
    ABANDONED
  }

  /** A RUNNING run of {@code command} with the given id, started {@code at}. */
  public static Builder builder(String runId, String command, Instant at) {
    return new Builder(runId, command, at);
  }

  public Long durationMs() {
    return finishedAt == null ? null : Duration.between(startedAt, finishedAt).toMillis();
  }

  /** This run, SUCCEEDED {@code at}, having read {@code read} and rejected {@code bad}. */
  public JobRun succeeded(List<Input> read, Long rows, String msg, List<Rejected> bad, Instant at) {
    return copy(Status.SUCCEEDED, read, rows, msg, null, at, bad);
  }

  /** This run, FAILED {@code at} with {@code err}: no inputs or rows recorded. */
  public JobRun failed(String msg, String err, Instant at) {
    return copy(Status.FAILED, List.of(), null, msg, err, at, rejected);
  }

  /**
   * This run, found RUNNING after its process died, marked ABANDONED {@code at}: what it had
   * recorded is kept, {@code msg} says what is known of its end.
   */
  public JobRun abandoned(String msg, Instant at) {
    return copy(Status.ABANDONED, inputs, rowsRead, msg, error, at, rejected);
  }

  private JobRun copy(
      Status finalStatus,
      List<Input> read,
      Long rows,
      String msg,
      String err,
      Instant at,
      List<Rejected> bad) {
    return new JobRun(
        runId,
        command,
        models,
        granularity,
        windowStart,
        windowEnd,
        read,
        rows,
        finalStatus,
        msg,
        err,
        startedAt,
        at,
        runBy,
        host,
        stewardVersion,
        bad,
        trailHead);
  }

  /** Builds a RUNNING run: nothing read, nothing rejected, not finished. */
  public static final class Builder {
    private final String runId;
    private final String command;
    private final Instant startedAt;
    private List<String> models = List.of();
    private Granularity granularity;
    private Instant windowStart;
    private Instant windowEnd;
    private String message;
    private String runBy;
    private String host;
    private String stewardVersion;
    private String trailHead;

    private Builder(String runId, String command, Instant startedAt) {
      this.runId = runId;
      this.command = command;
      this.startedAt = startedAt;
    }

    /** The models the run is for. */
    public Builder models(List<String> value) {
      models = value;
      return this;
    }

    /** The run's windows: their granularity and the time [start, end) they cover. */
    public Builder window(Granularity windowGranularity, Instant start, Instant end) {
      granularity = windowGranularity;
      windowStart = start;
      windowEnd = end;
      return this;
    }

    /** What the run is doing, while it runs. */
    public Builder message(String value) {
      message = value;
      return this;
    }

    /** Who ran it, on which host, with which Steward version. */
    public Builder ranBy(String user, String onHost, String version) {
      runBy = user;
      host = onHost;
      stewardVersion = version;
      return this;
    }

    /** The head of the lifecycle trail the run saw when it started ({@code N:HASH}). */
    public Builder trailHead(String value) {
      trailHead = value;
      return this;
    }

    public JobRun build() {
      return new JobRun(
          runId,
          command,
          models,
          granularity,
          windowStart,
          windowEnd,
          List.of(),
          null,
          Status.RUNNING,
          message,
          null,
          startedAt,
          null,
          runBy,
          host,
          stewardVersion,
          List.of(),
          trailHead);
    }
  }
}
