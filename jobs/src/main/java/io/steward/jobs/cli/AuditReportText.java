package io.steward.jobs.cli;

import io.steward.jobs.audit.AuditReport;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Prints an audit's portfolio report as sections of aligned tables, for people. */
final class AuditReportText {
  private AuditReportText() {}

  private static final List<String> TIERS = List.of("LOW", "MEDIUM", "HIGH", "CRITICAL");

  static void print(PrintWriter out, AuditReport r) {
    out.println("audit " + r.asOf() + ": traffic of " + r.window() + " (run " + r.runId() + ")");
    out.println("trail intact: " + r.trailEvents() + " events, hash chain verified");
    out.println();
    TextTable tables = new TextTable(List.of("log_table", "delta_version", "rows", "named"));
    for (AuditReport.Scanned s : r.tables()) {
      tables.add(
          Arrays.asList(
              s.table(), Long.toString(s.deltaVersion()), Long.toString(s.rows()), yes(s.named())));
    }
    tables.print(out);
    out.println();
    out.println("models by stage and risk tier");
    List<String> header = new ArrayList<>(List.of("stage"));
    header.addAll(TIERS);
    TextTable stages = new TextTable(header);
    for (Map.Entry<String, Map<String, Integer>> e : r.stages().entrySet()) {
      List<String> row = new ArrayList<>(List.of(e.getKey()));
      TIERS.forEach(t -> row.add(Integer.toString(e.getValue().getOrDefault(t, 0))));
      stages.add(row);
    }
    stages.print(out);
    out.println();
    out.println("inventory and monitoring coverage");
    TextTable models =
        new TextTable(
            List.of(
                "model",
                "stage",
                "risk",
                "owner",
                "rows",
                "coverage",
                "last_night",
                "open_alerts",
                "open_triggers"));
    for (AuditReport.ModelLine m : r.models()) {
      models.add(
          Arrays.asList(
              m.modelId(),
              m.stage(),
              m.riskTier(),
              m.owner(),
              Long.toString(m.rows()),
              m.coverage(),
              m.lastNight() == null ? "-" : m.lastNight().toString(),
              Long.toString(m.openAlerts()),
              Long.toString(m.openTriggers())));
    }
    models.print(out);
    out.println();
    out.println("zombies (deciding model versions and why)");
    TextTable zombies = new TextTable(List.of("model", "version", "reasons"));
    for (AuditReport.Zombie z : r.zombies()) {
      zombies.add(Arrays.asList(z.modelId(), dash(z.version()), String.join(", ", z.reasons())));
    }
    zombies.print(out);
    out.println();
    out.println("open triggers by owner");
    TextTable open =
        new TextTable(
            List.of(
                "owner",
                "trigger",
                "model",
                "version",
                "kind",
                "reason",
                "age_d",
                "due",
                "escalated"));
    for (Map.Entry<String, List<AuditReport.TriggerLine>> e : r.openTriggers().entrySet()) {
      for (AuditReport.TriggerLine t : e.getValue()) {
        open.add(
            Arrays.asList(
                e.getKey(),
                t.triggerId(),
                t.modelId(),
                dash(t.version()),
                t.kind(),
                t.reason(),
                Long.toString(t.ageDays()),
                t.dueDate().toString(),
                yes(t.escalated())));
      }
    }
    open.print(out);
    out.println();
    out.println("escalated (open past due): " + r.escalatedOpen().size());
    out.println();
    out.println("maturity: level " + r.maturity().level() + " of 3 (" + r.maturity().name() + ")");
    TextTable score = new TextTable(List.of("sub_score", "for_level", "met", "of", "value"));
    for (AuditReport.SubScore s : r.maturity().subScores()) {
      score.add(
          Arrays.asList(
              s.name(),
              s.level(),
              Integer.toString(s.met()),
              Integer.toString(s.of()),
              String.format("%.2f", s.value())));
    }
    score.print(out);
    out.println();
    printChanges(out, "raised by this audit", r.raised());
    printChanges(out, "escalated by this audit", r.escalated());
    printChanges(out, "actioned by this audit", r.actioned());
  }

  private static void printChanges(
      PrintWriter out, String title, List<AuditReport.TriggerLine> lines) {
    if (lines.isEmpty()) {
      return;
    }
    out.println(title);
    TextTable t =
        new TextTable(
            List.of("trigger", "model", "version", "kind", "reason", "owner", "due", "note"));
    for (AuditReport.TriggerLine l : lines) {
      t.add(
          Arrays.asList(
              l.triggerId(),
              l.modelId(),
              dash(l.version()),
              l.kind(),
              l.reason(),
              dash(l.owner()),
              l.dueDate().toString(),
              l.note()));
    }
    t.print(out);
    out.println();
  }

  private static String dash(String s) {
    return s == null ? "-" : s;
  }

  private static String yes(boolean b) {
    return b ? "yes" : "no";
  }
}
