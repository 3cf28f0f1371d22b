package io.steward.jobs.cli;

import io.steward.jobs.nightly.NightlyAction;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The nightly run's result for a person: one line per model version and night. */
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

  private static String format(String pattern, double value) {
    return String.format(Locale.ROOT, pattern, value);
  }
}
