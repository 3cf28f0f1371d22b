package io.steward.registry.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One run of a job as recorded in {@code steward.job_runs}. Immutable: a run moves from RUNNING to
 * a final status by a copy.
 */
public record JobRun(
    String runId,
    String command,
    List<String> models,
    String granularity,
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
    List<Rejected> rejected) {

  public JobRun {
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
    FAILED
  }

  public Long durationMs() {
    return finishedAt == null ? null : Duration.between(startedAt, finishedAt).toMillis();
  }

  public JobRun finished(
      Status finalStatus, List<Input> read, Long rows, String msg, String err, Instant at) {
    return finished(finalStatus, read, rows, msg, err, at, rejected);
  }

  public JobRun finished(
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
        bad);
  }
}
