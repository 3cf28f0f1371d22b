package io.steward.common.triggers;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The traffic of one model version in the audit's look-back window, summed over the log tables it
 * appeared in.
 */
public record Traffic(VersionKey subject, long rows, Instant lastEvent, List<String> tables) {
  public Traffic {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(lastEvent, "lastEvent");
    tables = List.copyOf(tables);
    if (rows < 1) {
      throw new IllegalArgumentException("traffic of " + subject + " needs rows, not " + rows);
    }
  }

  /** The traffic in words, for a trigger's evidence. */
  public String describe() {
    return rows + " rows in " + String.join(", ", tables) + ", last at " + lastEvent;
  }
}
