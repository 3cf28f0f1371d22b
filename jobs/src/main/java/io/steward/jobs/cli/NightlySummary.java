package io.steward.jobs.cli;

import io.steward.common.triggers.Trigger;
import io.steward.jobs.decisions.DecisionsAction;
import io.steward.jobs.nightly.NightlyAction;
import io.steward.registry.store.AlertStore;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The nightly run's result for a person: one line per model version and night, then what the run
 * raised (new or escalated alert episodes), for whom.
 */
final class NightlySummary {
  private NightlySummary() {}

  static void print(PrintWriter out, List<NightlyAction.ModelNight> nights) {
    if (nights.isEmpty()) {
      out.println("no prediction rows in the window for the monitored models");
      return;
    }
    TextTable t =
        new TextTable(
            List.of(
                "model",
                "version",
                "night",
                "rows",
                "worst_feature",
                "psi",
                "band",
                "performance",
                "labels",
                "p95_ms",
                "errors"));
    for (NightlyAction.ModelNight n : nights) {
      List<String> row = new ArrayList<>();
      row.add(n.modelId());
      row.add(n.modelVersion());
      row.add(n.night().toString());
      row.add(Long.toString(n.rows()));
      row.add(n.worstFeature());
      row.add(n.worstPsi() == null ? null : format("%.4f", n.worstPsi()));
      row.add(n.worstBand());
      row.add(
          n.performanceMetric() == null
              ? null
              : n.performanceMetric()
                  + " "
                  + (n.performance() == null ? "-" : format("%.4f", n.performance())));
      row.add(n.labelCoverage() == null ? null : format("%.0f%%", 100 * n.labelCoverage()));
      row.add(n.latencyP95() == null ? null : format("%.1f", n.latencyP95()));
      row.add(n.errorRate() == null ? null : format("%.2f%%", 100 * n.errorRate()));
      t.add(row);
    }
    t.print(out);
  }

  /**
   * The alerts and triggers the run raised, last: each alert with its model, version, rule, subject
   * and owner; each trigger with its kind, reason, owner and due date.
   */
  static void printRaised(PrintWriter out, DecisionsAction.Result decisions) {
    printAlerts(out, decisions);
    List<Trigger> triggers = new ArrayList<>(decisions.triggers().raised());
    triggers.addAll(decisions.triggers().escalated());
    for (Trigger t : decisions.triggers().raised()) {
      out.println("raised " + describe(t));
    }
    for (Trigger t : decisions.triggers().escalated()) {
      out.println("escalated (past due) " + describe(t));
    }
    for (Trigger t : decisions.triggers().actioned()) {
      out.println(
          "actioned "
              + t.kind()
              + " "
              + t.reason()
              + " on "
              + t.modelId()
              + (t.modelVersion() == null ? "" : " " + t.modelVersion())
              + ": "
              + t.closeReason());
    }
    if (decisions.raised().isEmpty() && triggers.isEmpty()) {
      return;
    }
    out.println(
        (decisions.raised().isEmpty() ? "" : decisions.raised().size() + " alert(s) ")
            + (decisions.raised().isEmpty() || triggers.isEmpty() ? "" : "and ")
            + (triggers.isEmpty() ? "" : triggers.size() + " trigger(s) ")
            + "raised: exit 3");
  }

  private static String describe(Trigger t) {
    return t.kind()
        + " "
        + t.reason()
        + " on "
        + t.modelId()
        + (t.modelVersion() == null ? "" : " " + t.modelVersion())
        + " for "
        + (t.owner() == null ? "no owner" : t.owner())
        + ", due "
        + t.dueDate()
        + " (trigger "
        + t.triggerId()
        + "): "
        + t.evidence();
  }

  private static void printAlerts(PrintWriter out, DecisionsAction.Result decisions) {
    if (decisions.raised().isEmpty()) {
      out.println(
          "no alert raised; "
              + decisions.open().size()
              + " alert(s) open for the run's models (steward alert list)");
      return;
    }
    out.println();
    List<String> header = new ArrayList<>(List.of("raised"));
    header.addAll(AlertRows.HEADER);
    TextTable t = new TextTable(header);
    for (DecisionsAction.Raised r : decisions.raised()) {
      List<String> row = new ArrayList<>();
      row.add(r.escalated() ? "ESCALATED" : "NEW");
      row.addAll(AlertRows.cells(r.alert()));
      t.add(row);
    }
    t.print(out);
    for (DecisionsAction.Raised r : decisions.raised()) {
      AlertStore.Alert a = r.alert();
      out.println(
          (r.escalated() ? "escalated " : "raised ")
              + a.headline()
              + (a.modelVersion() == null ? "" : " " + a.modelVersion())
              + " for "
              + (a.owner() == null ? "no owner (model not registered)" : a.owner())
              + " (alert "
              + a.alertId()
              + ")");
    }
  }

  private static String format(String pattern, double value) {
    return String.format(Locale.ROOT, pattern, value);
  }
}
