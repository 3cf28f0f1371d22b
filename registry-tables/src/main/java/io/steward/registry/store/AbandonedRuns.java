package io.steward.registry.store;

import io.steward.registry.warehouse.HolderNote;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The runs a dead process left RUNNING, as ABANDONED, with what is known of their end. Used by a
 * writer holding the lock of a local warehouse that found a dead holder's note in the lock file:
 * every writer holds that lock while it runs, so every RUNNING run there belongs to a process that
 * has died. The note names the dead holder's pid and host, the time it took the lock and its last
 * progress line; it is the note of the runs on that host that started after that time, and its last
 * progress line that of the latest of them. Other runs (of earlier deaths) keep the message they
 * were recorded with as their last phase, and no pid.
 */
public final class AbandonedRuns {
  private AbandonedRuns() {}

  /**
   * A run marked ABANDONED.
   *
   * @param run the run's new state
   * @param pid its process, null when unknown
   * @param phase the last thing it said it was doing
   */
  public record Marked(JobRun run, Long pid, String phase) {
    /** One line: which run, started when and where, and how far it got. */
    public String describe() {
      return run.command()
          + " run "
          + run.runId()
          + " started "
          + run.startedAt().truncatedTo(ChronoUnit.SECONDS)
          + " on "
          + run.host()
          + (pid == null ? "" : " (pid " + pid + ")")
          + " in phase '"
          + phase
          + "'";
    }
  }

  /**
   * Marks every run of {@code running} ABANDONED {@code at}, in the order they started.
   *
   * @param died the note of the lock holder that died, empty when none was found
   */
  public static List<Marked> mark(List<JobRun> running, Optional<HolderNote> died, Instant at) {
    List<JobRun> theirs =
        running.stream()
            .filter(r -> died.isPresent() && belongsTo(r, died.get()))
            .sorted(Comparator.comparing(JobRun::startedAt))
            .toList();
    JobRun latest = theirs.isEmpty() ? null : theirs.get(theirs.size() - 1);
    List<Marked> marked = new ArrayList<>();
    for (JobRun r : running.stream().sorted(Comparator.comparing(JobRun::startedAt)).toList()) {
      Long pid = theirs.contains(r) ? died.get().pid() : null;
      String phase =
          r == latest && died.get().last() != null
              ? died.get().last()
              : r.message() == null ? "unknown" : r.message();
      String message =
          "abandoned: its process"
              + " (host "
              + r.host()
              + (pid == null ? "" : ", pid " + pid)
              + ") ended without recording the run's end; its last phase: "
              + phase;
      marked.add(new Marked(r.abandoned(message, at), pid, phase));
    }
    return marked;
  }

  /** One line for all the runs marked. */
  public static String summary(List<Marked> marked) {
    return "marked "
        + marked.size()
        + (marked.size() == 1 ? " run" : " runs")
        + " ABANDONED: "
        + String.join("; ", marked.stream().map(Marked::describe).toList());
  }

  /** Whether the dead holder of {@code note} recorded {@code run}: same host, started after. */
  private static boolean belongsTo(JobRun run, HolderNote note) {
    return note.pid() != null
        && note.host() != null
        && note.host().equals(run.host())
        && note.since() != null
        && !run.startedAt().isBefore(note.since());
  }
}
