package io.steward.common.triggers;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * How an audit changes the triggers it owns, from what it found and what the store holds:
 *
 * <ul>
 *   <li>a finding with no OPEN trigger of its key raises one (a new episode when the last one was
 *       ACTIONED); a finding whose last trigger was DISMISSED raises nothing: a dismissal is a
 *       person's standing decision on that model version and reason;
 *   <li>an OPEN trigger of the audited kinds that no finding repeats is ACTIONED by the audit, with
 *       what answered it as the close reason, unless the answer function leaves it open;
 *   <li>an OPEN trigger of any kind past its due date is escalated, once.
 * </ul>
 *
 * Rerunning an audit on the same facts changes nothing.
 */
public final class TriggerLifecycle {
  private TriggerLifecycle() {}

  /** The audit run: its day, its time, who ran it and its run id. */
  public record Run(LocalDate day, Instant at, String actor, String runId) {
    public Run {
      Objects.requireNonNull(day, "day");
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(actor, "actor");
      Objects.requireNonNull(runId, "runId");
    }
  }

  /** The triggers an audit changes, each in its new state. */
  public record Changes(List<Trigger> raised, List<Trigger> escalated, List<Trigger> actioned) {
    public Changes {
      raised = List.copyOf(raised);
      escalated = List.copyOf(escalated);
      actioned = List.copyOf(actioned);
    }

    /** Every changed row. */
    public List<Trigger> all() {
      List<Trigger> all = new ArrayList<>(raised);
      all.addAll(escalated);
      all.addAll(actioned);
      return all;
    }
  }

  /**
   * @param kinds the kinds the audit judges (others are only escalated)
   * @param answered for an OPEN trigger of those kinds that no finding repeats: its close reason,
   *     or null to leave it open
   */
  public static Changes apply(
      List<Trigger> existing,
      List<Finding> findings,
      Run run,
      Set<TriggerKind> kinds,
      Function<Trigger, String> answered) {
    Map<String, List<Trigger>> byKey = new HashMap<>();
    for (Trigger t : existing) {
      byKey.computeIfAbsent(t.key(), k -> new ArrayList<>()).add(t);
    }
    Map<String, Finding> found = new LinkedHashMap<>();
    for (Finding f : findings) {
      found.putIfAbsent(f.key(), f);
    }
    List<Trigger> raised = new ArrayList<>();
    for (Map.Entry<String, Finding> e : found.entrySet()) {
      List<Trigger> episodes = byKey.getOrDefault(e.getKey(), List.of());
      Trigger last = episodes.stream().max(Comparator.comparing(Trigger::raisedAt)).orElse(null);
      if (last != null && last.status() != TriggerStatus.ACTIONED) {
        continue;
      }
      Finding f = e.getValue();
      raised.add(
          new Trigger(
              TriggerId.episode(e.getKey(), episodes.size() + 1),
              f.subject().modelId(),
              f.subject().version(),
              f.kind(),
              f.reason(),
              TriggerStatus.OPEN,
              run.at(),
              run.actor(),
              run.runId(),
              f.evidence(),
              f.owner(),
              TierDeadlines.due(f.tier(), run.day()),
              false,
              run.at(),
              null,
              null,
              null,
              Trigger.Notification.NONE));
    }
    List<Trigger> escalated = new ArrayList<>();
    List<Trigger> actioned = new ArrayList<>();
    for (Trigger t : existing) {
      if (t.status() != TriggerStatus.OPEN) {
        continue;
      }
      String why =
          kinds.contains(t.kind()) && !found.containsKey(t.key()) ? answered.apply(t) : null;
      if (why != null) {
        actioned.add(t.close(TriggerStatus.ACTIONED, run.actor(), run.at(), why));
      } else if (t.overdue(run.day()) && !t.escalated()) {
        escalated.add(t.escalate(run.at()));
      }
    }
    return new Changes(raised, escalated, actioned);
  }

  /**
   * The inventory audit's answers: a zombie reason is answered by what its reason names while the
   * version still decides, or by the version no longer deciding in the look-back window; an
   * unregistered model or version by its registration (and by nothing else: traffic that stopped is
   * still a finding a person must look at, or dismiss).
   */
  public static Function<Trigger, String> auditAnswers(
      AuditFindings findings, Set<String> registeredModels, Set<VersionKey> registeredVersions) {
    return t -> {
      VersionKey k = new VersionKey(t.modelId(), t.modelVersion());
      return switch (t.kind()) {
        case ZOMBIE ->
            findings.deciding().contains(k)
                ? ZombieReason.valueOf(t.reason()).answeredBy()
                : "no decisions in the audit's look-back window";
        case UNREGISTERED -> {
          UnregisteredReason r = UnregisteredReason.valueOf(t.reason());
          boolean known =
              r == UnregisteredReason.UNKNOWN_MODEL
                  ? registeredModels.contains(t.modelId())
                  : registeredVersions.contains(k);
          yield known ? r.answeredBy() : null;
        }
        default -> null;
      };
    };
  }
}
