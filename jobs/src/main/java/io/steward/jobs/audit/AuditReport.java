package io.steward.jobs.audit;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The portfolio report of one audit, as plain values (printed as tables, or as one JSON document).
 *
 * @param trailEvents the lifecycle events whose hash chain the audit verified before adding its own
 * @param stages registered models by stage, then by risk tier
 * @param models one row per registered model, then one per unregistered model with traffic
 * @param zombies deciding model versions and the reasons that hold
 * @param openTriggers open triggers by owner ({@code -} for none), oldest first
 * @param raised the triggers this audit raised
 * @param escalated the triggers this audit escalated
 * @param actioned the triggers this audit actioned
 */
public record AuditReport(
    LocalDate asOf,
    String window,
    String runId,
    long trailEvents,
    List<Scanned> tables,
    Map<String, Map<String, Integer>> stages,
    List<ModelLine> models,
    List<Zombie> zombies,
    Map<String, List<TriggerLine>> openTriggers,
    List<TriggerLine> escalatedOpen,
    Score maturity,
    List<TriggerLine> raised,
    List<TriggerLine> escalated,
    List<TriggerLine> actioned) {

  /** A log table read: its Delta version and the rows in the window. */
  public record Scanned(String table, long deltaVersion, long rows, boolean named) {}

  /**
   * One model of the inventory.
   *
   * @param coverage {@code monitored} (a monitor and a recent successful run), {@code stale} (a
   *     monitor, no recent run), {@code none}, or {@code unregistered}
   */
  public record ModelLine(
      String modelId,
      String stage,
      String riskTier,
      String owner,
      long rows,
      String coverage,
      LocalDate lastNight,
      long openAlerts,
      long openTriggers) {}

  public record Zombie(String modelId, String version, List<String> reasons) {}

  public record TriggerLine(
      String triggerId,
      String modelId,
      String version,
      String kind,
      String reason,
      String owner,
      long ageDays,
      LocalDate dueDate,
      boolean escalated,
      String status,
      String note) {}

  /** The maturity level and each sub-score. */
  public record Score(int level, String name, List<SubScore> subScores) {}

  public record SubScore(String name, String level, int met, int of, double value) {}
}
