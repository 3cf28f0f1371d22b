package io.steward.jobs.decisions;

import io.steward.common.decisions.ManualAction;
import io.steward.common.domain.EventType;
import io.steward.registry.store.RegistryRecords;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * People's acknowledgements and resolutions of alerts as lifecycle events ({@link
 * EventType#ALERT_ACKNOWLEDGED}, {@link EventType#ALERT_RESOLVED}): the event's evidence names the
 * alert and the last night the action covers, {@code alert_id=ID night=YYYY-MM-DD}; its reason is
 * the person's. Pure.
 */
public final class AlertEvents {
  private AlertEvents() {}

  private static final Pattern EVIDENCE =
      Pattern.compile("alert_id=(\\S+) night=(\\d{4}-\\d{2}-\\d{2})");

  /** One recorded action, with who took it, when and why. */
  public record Recorded(ManualAction action, String actor, Instant at, String reason) {}

  /** The evidence of an action on {@code alertId} covering nights up to {@code night}. */
  public static String evidence(String alertId, LocalDate night) {
    return "alert_id=" + alertId + " night=" + night;
  }

  /** The alert actions of a trail, in its order; other events are left out. */
  public static List<Recorded> of(List<RegistryRecords.Event> events) {
    List<Recorded> out = new ArrayList<>();
    for (RegistryRecords.Event e : events) {
      ManualAction.Kind kind =
          e.is(EventType.ALERT_ACKNOWLEDGED)
              ? ManualAction.Kind.ACKNOWLEDGE
              : e.is(EventType.ALERT_RESOLVED) ? ManualAction.Kind.RESOLVE : null;
      Matcher m = kind == null || e.evidence() == null ? null : EVIDENCE.matcher(e.evidence());
      if (m == null || !m.matches()) {
        continue;
      }
      try {
        out.add(
            new Recorded(
                new ManualAction(m.group(1), kind, LocalDate.parse(m.group(2))),
                e.actor(),
                e.at(),
                e.reason()));
      } catch (DateTimeParseException bad) {
        throw new IllegalStateException(
            "lifecycle event " + e.seq() + " names no valid night: " + e.evidence(), bad);
      }
    }
    return out;
  }
}
