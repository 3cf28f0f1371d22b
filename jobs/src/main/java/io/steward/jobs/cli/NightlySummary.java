package io.steward.jobs.cli;

import io.steward.jobs.action.NightlyAction;
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
        new TextTable(List.of("model", "version", "night", "rows", "worst_feature", "psi", "band"));
    for (NightlyAction.ModelNight n : nights) {
      List<String> row = new ArrayList<>();
      row.add(n.modelId());
      row.add(n.modelVersion());
      row.add(n.night().toString());
      row.add(Long.toString(n.rows()));
      row.add(n.worstFeature());
      row.add(n.worstPsi() == null ? null : String.format(Locale.ROOT, "%.4f", n.worstPsi()));
      row.add(n.worstBand());
      t.add(row);
    }
    t.print(out);
  }
}
