package io.steward.jobs.registry;

import io.steward.common.domain.ArtifactKind;
import io.steward.common.domain.EventType;
import io.steward.common.domain.Outcome;
import io.steward.common.triggers.Trigger;
import io.steward.registry.store.RegistryRecords;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * What the nightly trigger rules and the inventory audit both read from, and write to, the
 * registry: a version's last validation day, and the trail's record of a trigger a run raised or
 * actioned. Pure: no Spark.
 */
public final class TriggerRecords {
  private TriggerRecords() {}

  /** The details key of a validation report that dates it, when it was added later. */
  public static final String VALIDATED_ON = "validated_on";

  /**
   * The day of the latest favourable VALIDATION_REPORT of the version (or of the whole model,
   * {@code version} null, or a report of no version): its {@code validated_on} detail when it has
   * one, else the day it was added; null when there is none.
   */
  public static LocalDate validatedOn(List<RegistryRecords.Artifact> artifacts, String version) {
    LocalDate latest = null;
    for (RegistryRecords.Artifact a : artifacts) {
      Outcome o = a.outcome() == null ? null : Outcome.parse(a.outcome());
      boolean counts =
          ArtifactKind.VALIDATION_REPORT.name().equals(a.kind())
              && o != null
              && o.favourable()
              && (a.version() == null || a.version().equals(version));
      if (!counts) {
        continue;
      }
      LocalDate day = a.addedAt().atZone(ZoneOffset.UTC).toLocalDate();
      String detail = a.details().get(VALIDATED_ON);
      if (detail != null) {
        try {
          day = LocalDate.parse(detail);
        } catch (DateTimeParseException e) {
          // an undatable detail: the day the report was added stands
        }
      }
      latest = latest == null || day.isAfter(latest) ? day : latest;
    }
    return latest;
  }

  /** The trail's record of a trigger a run raised or actioned, by the run's identity. */
  public static RegistryRecords.NewEvent event(
      String actor, EventType type, Trigger t, String evidence) {
    return new RegistryRecords.NewEvent(
        actor,
        type,
        t.modelId(),
        t.modelVersion(),
        null,
        null,
        t.triggerId() + " " + t.kind() + " " + t.reason(),
        evidence);
  }
}
