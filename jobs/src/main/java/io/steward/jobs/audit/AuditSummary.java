package io.steward.jobs.audit;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The audit's last line: what it raised and escalated, for whom (the owners; {@code unowned} for an
 * unregistered model), what it actioned, and the maturity level.
 */
public final class AuditSummary {
  private AuditSummary() {}

  public static String line(AuditReport r) {
    return "audit "
        + r.asOf()
        + ": raised "
        + count(r.raised())
        + ", escalated "
        + count(r.escalated())
        + ", actioned "
        + r.actioned().size()
        + "; "
        + r.openTriggers().values().stream().mapToInt(List::size).sum()
        + " open; maturity level "
        + r.maturity().level()
        + " ("
        + r.maturity().name()
        + ")";
  }

  private static String count(List<AuditReport.TriggerLine> lines) {
    if (lines.isEmpty()) {
      return "0";
    }
    Map<String, Long> byOwner =
        lines.stream()
            .collect(
                Collectors.groupingBy(
                    l -> l.owner() == null ? "" : l.owner(), TreeMap::new, Collectors.counting()));
    return lines.size()
        + " ("
        + byOwner.entrySet().stream()
            .map(
                e -> (e.getKey().isEmpty() ? "unowned" : "for " + e.getKey()) + ": " + e.getValue())
            .collect(Collectors.joining(", "))
        + ")";
  }
}
