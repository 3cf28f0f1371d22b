package io.steward.jobs.cli;

import io.steward.registry.store.AlertStore;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Alert rows as table or CSV cells, shared by the alert list, the nightly summary and show. */
final class AlertRows {
  private AlertRows() {}

  static final List<String> HEADER =
      List.of(
          "alert_id",
          "status",
          "severity",
          "model",
          "version",
          "rule",
          "subject",
          "worst",
          "latest",
          "threshold",
          "first_breach",
          "last_breach",
          "owner");

  static List<String> cells(AlertStore.Alert a) {
    return Arrays.asList(
        a.alertId(),
        a.status(),
        a.severity(),
        a.modelId(),
        a.modelVersion(),
        a.rule(),
        a.subject().isEmpty() ? null : a.subject(),
        number(a.worstValue()),
        number(a.latestValue()),
        number(a.threshold()),
        String.valueOf(a.firstBreach()),
        String.valueOf(a.lastBreach()),
        a.owner());
  }

  static String number(Double v) {
    return v == null ? null : String.format(Locale.ROOT, "%.4f", v);
  }
}
