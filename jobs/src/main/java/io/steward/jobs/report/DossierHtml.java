package io.steward.jobs.report;

import io.steward.common.domain.EventType;
import io.steward.common.domain.PsiBand;
import io.steward.common.triggers.Trigger;
import io.steward.jobs.registry.Dossier;
import io.steward.registry.store.AlertStore;
import io.steward.registry.store.RegistryRecords;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The evidence pack of one model for a model risk review, as a single self-contained HTML file:
 * identity and accountability, training lineage, evidence with its verdicts, approvals and the
 * whole event history (with the hash of each event), and a chart of the model's drift.
 */
public final class DossierHtml {
  private DossierHtml() {}

  public static String render(Dossier d, String warehouse) {
    RegistryRecords.Model m = d.model();
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Dossier: ")
        .append(esc(m.modelId()))
        .append("</title><style>")
        .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:1100px}")
        .append("table{border-collapse:collapse;margin:.5em 0 1.5em;width:100%;font-size:.9em}")
        .append("th,td{border:1px solid #ccc;padding:4px 6px;text-align:left;vertical-align:top}")
        .append("th{background:#f2f2f2}.REFUSED{background:#fde2e2}.OVERRIDDEN{background:#fff1cc}")
        .append("code{font-size:.8em;color:#555}.k{color:#666}</style></head><body>");
    h.append("<h1>")
        .append(esc(m.name()))
        .append(" <small class=k>(")
        .append(esc(m.modelId()))
        .append(")</small></h1>");
    h.append("<p>Generated ")
        .append(Instant.now())
        .append(" from warehouse <code>")
        .append(esc(warehouse))
        .append("</code>.</p>");
    h.append("<table>");
    row(h, "Lifecycle stage", m.stage());
    row(h, "Champion version", m.championVersion());
    row(h, "Risk tier", m.riskTier());
    row(h, "Owner", m.owner());
    row(h, "Use case", m.useCase());
    row(h, "Success criteria", m.successCriteria());
    row(h, "Regulations", String.join(", ", m.regulations()));
    row(h, "Data sources", String.join(", ", m.dataSources()));
    row(h, "Registered", m.createdAt() + " by " + m.createdBy());
    h.append("</table>");

    h.append(
        "<h2>Versions and training lineage</h2><table><tr><th>version</th><th>stage</th><th>training data (Delta version)</th><th>parameters</th><th>metrics</th><th>developer</th><th>run</th></tr>");
    for (RegistryRecords.Version v : d.versions()) {
      h.append("<tr><td>")
          .append(esc(v.version()))
          .append("</td><td>")
          .append(esc(v.stage()))
          .append("</td><td><code>")
          .append(esc(v.trainingTable()))
          .append("</code> @ ")
          .append(v.trainingVersion())
          .append("</td><td>")
          .append(esc(String.valueOf(v.params())))
          .append("</td><td>")
          .append(esc(String.valueOf(v.metrics())))
          .append("</td><td>")
          .append(esc(v.developer()))
          .append("</td><td>")
          .append(esc(v.runUri()))
          .append("</td></tr>");
    }
    h.append("</table>");

    h.append(
        "<h2>Evidence</h2><table><tr><th>kind</th><th>version</th><th>outcome</th><th>note</th><th>details</th><th>added by</th><th>at</th><th>document</th></tr>");
    for (RegistryRecords.Artifact a : d.artifacts()) {
      h.append("<tr><td>")
          .append(esc(a.kind()))
          .append("</td><td>")
          .append(esc(a.version()))
          .append("</td><td>")
          .append(esc(a.outcome()))
          .append("</td><td>")
          .append(esc(a.note()))
          .append("</td><td>")
          .append(esc(a.details().isEmpty() ? null : a.details().toString()))
          .append("</td><td>")
          .append(esc(a.addedBy()))
          .append("</td><td>")
          .append(a.addedAt())
          .append("</td><td><code>")
          .append(esc(a.uri()))
          .append("</code></td></tr>");
    }
    h.append("</table>");

    h.append(
        "<h2>Approvals</h2><table><tr><th>gate</th><th>version</th><th>approved by</th><th>at</th><th>note</th></tr>");
    for (RegistryRecords.Event e : d.events()) {
      if (e.is(EventType.APPROVED)) {
        h.append("<tr><td>")
            .append(esc(e.toStage()))
            .append("</td><td>")
            .append(esc(e.version()))
            .append("</td><td>")
            .append(esc(e.actor()))
            .append("</td><td>")
            .append(e.at())
            .append("</td><td>")
            .append(esc(e.reason()))
            .append("</td></tr>");
      }
    }
    h.append("</table>");

    h.append(
        "<h2>Open triggers</h2><table><tr><th>trigger</th><th>version</th><th>kind</th><th>reason</th><th>owner</th><th>raised</th><th>due</th><th>escalated</th><th>evidence</th></tr>");
    for (Trigger t : d.openTriggers()) {
      h.append("<tr><td>")
          .append(esc(t.triggerId()))
          .append("</td><td>")
          .append(esc(t.modelVersion()))
          .append("</td><td>")
          .append(t.kind())
          .append("</td><td>")
          .append(esc(t.reason()))
          .append("</td><td>")
          .append(esc(t.owner()))
          .append("</td><td>")
          .append(t.raisedAt())
          .append("</td><td>")
          .append(t.dueDate())
          .append("</td><td>")
          .append(t.escalated() ? "yes" : "no")
          .append("</td><td>")
          .append(esc(t.evidence()))
          .append("</td></tr>");
    }
    h.append("</table>");

    h.append(
        "<h2>Open alerts</h2><table><tr><th>alert</th><th>status</th><th>severity</th><th>version</th><th>rule</th><th>subject</th><th>worst</th><th>threshold</th><th>first breach</th><th>last breach</th></tr>");
    for (AlertStore.Alert a : d.openAlerts()) {
      h.append("<tr><td><code>")
          .append(esc(a.alertId()))
          .append("</code></td><td>")
          .append(esc(a.status()))
          .append("</td><td>")
          .append(esc(a.severity()))
          .append("</td><td>")
          .append(esc(a.modelVersion()))
          .append("</td><td>")
          .append(esc(a.rule()))
          .append("</td><td>")
          .append(esc(a.subject()))
          .append("</td><td>")
          .append(a.worstValue())
          .append("</td><td>")
          .append(a.threshold())
          .append("</td><td>")
          .append(a.firstBreach())
          .append("</td><td>")
          .append(a.lastBreach())
          .append("</td></tr>");
    }
    h.append("</table>");

    h.append("<h2>Drift: worst feature PSI per night</h2>");
    h.append(driftChart(d.drift()));

    h.append(
        "<h2>Event history</h2><p class=k>Every event is chained to the previous event of the warehouse by SHA-256;"
            + " <code>steward model verify-trail</code> recomputes the chain.</p>");
    h.append(
        "<table><tr><th>#</th><th>at</th><th>actor</th><th>event</th><th>version</th><th>from</th><th>to</th><th>reason</th><th>evidence</th><th>hash</th></tr>");
    for (RegistryRecords.Event e : d.events()) {
      h.append("<tr class=\"")
          .append(esc(e.eventType()))
          .append("\"><td>")
          .append(e.seq())
          .append("</td><td>")
          .append(e.at())
          .append("</td><td>")
          .append(esc(e.actor()))
          .append("</td><td>")
          .append(esc(e.eventType()))
          .append("</td><td>")
          .append(esc(e.version()))
          .append("</td><td>")
          .append(esc(e.fromStage()))
          .append("</td><td>")
          .append(esc(e.toStage()))
          .append("</td><td>")
          .append(esc(e.reason()))
          .append("</td><td>")
          .append(esc(e.evidence()))
          .append("</td><td><code>")
          .append(e.hash(), 0, 12)
          .append("</code></td></tr>");
    }
    h.append("</table></body></html>\n");
    return h.toString();
  }

  /** An inline SVG line of the worst PSI per night, with the band thresholds drawn in. */
  static String driftChart(List<Dossier.DriftPoint> points) {
    if (points.isEmpty()) {
      return "<p>No drift results yet (run <code>steward nightly</code>).</p>";
    }
    int w = 900;
    int ht = 260;
    int left = 50;
    int bottom = 30;
    double max =
        Math.max(0.3, points.stream().mapToDouble(Dossier.DriftPoint::psi).max().orElse(0.3));
    max = Math.min(max, 5.0);
    int n = points.size();
    StringBuilder s = new StringBuilder();
    s.append("<svg width=\"")
        .append(w)
        .append("\" height=\"")
        .append(ht)
        .append("\" role=\"img\" aria-label=\"worst PSI per night\">");
    for (double t :
        new double[] {PsiBand.MODERATE.lowerBound(), PsiBand.SIGNIFICANT.lowerBound()}) {
      double y = y(t, max, ht, bottom);
      s.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-dasharray=\"4 3\"/>",
              left,
              w - 10,
              y,
              y,
              t >= 0.25 ? "#c0392b" : "#e6a23c"));
      s.append(
          String.format(
              Locale.ROOT, "<text x=\"4\" y=\"%.1f\" font-size=\"11\">%.2f</text>", y + 4, t));
    }
    s.append(
        String.format(
            Locale.ROOT,
            "<text x=\"4\" y=\"%.1f\" font-size=\"11\">%.2f</text>",
            y(max, max, ht, bottom) + 4,
            max));
    StringBuilder path = new StringBuilder();
    for (int i = 0; i < n; i++) {
      Dossier.DriftPoint p = points.get(i);
      double x = left + (n == 1 ? 0 : (w - left - 20) * i / (double) (n - 1));
      double y = y(Math.min(p.psi(), max), max, ht, bottom);
      path.append(i == 0 ? "M" : "L").append(String.format(Locale.ROOT, "%.1f %.1f ", x, y));
      String color =
          PsiBand.SIGNIFICANT.name().equals(p.band())
              ? "#c0392b"
              : PsiBand.MODERATE.name().equals(p.band()) ? "#e6a23c" : "#2e86c1";
      s.append(
          String.format(
              Locale.ROOT,
              "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>%s %s: %s PSI %.4f</title></circle>",
              x,
              y,
              color,
              esc(p.night()),
              esc(p.version()),
              esc(p.feature()),
              p.psi()));
    }
    s.append("<path d=\"")
        .append(path)
        .append("\" fill=\"none\" stroke=\"#2e86c1\" stroke-width=\"1.5\"/>");
    s.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>",
            left,
            ht - 8,
            esc(points.get(0).night())));
    s.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%s</text>",
            w - 10,
            ht - 8,
            esc(points.get(n - 1).night())));
    s.append("</svg>");
    return s.toString();
  }

  private static double y(double v, double max, int height, int bottom) {
    return (height - bottom) - (height - bottom - 10) * (v / max);
  }

  private static void row(StringBuilder h, String k, String v) {
    h.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v)).append("</td></tr>");
  }

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
