package io.steward.jobs.cli;

import io.steward.common.errors.Errors;
import io.steward.jobs.audit.AuditSummary;
import io.steward.jobs.demo.DemoAction;
import io.steward.jobs.demo.PortfolioSummary;
import io.steward.jobs.demo.ShadowSummary;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Build the demo bank portfolio in the warehouse (prediction logs, outcomes that arrive"
            + " over time, training snapshots, monitors, baselines), run the nightly job over it"
            + " three weeks of nights at a time, audit the inventory on the last night and print"
            + " the portfolio summary and the audit's report. Exit 0, or 3 when the audit raised"
            + " or escalated a trigger (as on a new warehouse).")
final class DemoCommand extends StewardCommand {
  @Option(
      names = "--models",
      defaultValue = "6",
      description = "Models (at least 6). Default: ${DEFAULT-VALUE}.")
  int models;

  @Option(
      names = "--days",
      defaultValue = "30",
      description = "Nights of prediction logs. Default: ${DEFAULT-VALUE}.")
  int days;

  @Option(
      names = "--rows-per-day",
      defaultValue = "2000",
      description = "Predictions per model and day. Default: ${DEFAULT-VALUE}.")
  long rowsPerDay;

  @Option(
      names = "--snapshot-rows",
      defaultValue = "20000",
      description = "Rows in each training snapshot. Default: ${DEFAULT-VALUE}.")
  long snapshotRows;

  @Option(
      names = "--start",
      defaultValue = "2026-10-01",
      description = "First night of the logs. Default: ${DEFAULT-VALUE}.")
  LocalDate start;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Random seed. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Override
  public Integer call() {
    if (models < 6) {
      throw Errors.badArgument("--models", models, "at least 6");
    }
    if (days < 1 || rowsPerDay < 1 || snapshotRows < 10) {
      throw Errors.badArgument(
          "--days/--rows-per-day/--snapshot-rows",
          days + "/" + rowsPerDay + "/" + snapshotRows,
          "positive (snapshot rows at least 10)");
    }
    return writing(
        "steward demo",
        ctx -> {
          DemoAction.Result result =
              DemoAction.run(
                  ctx, new DemoAction.Params(models, days, rowsPerDay, snapshotRows, start, seed));
          List<PortfolioSummary.ModelSummary> summary = result.summary();
          TextTable t =
              new TextTable(
                  List.of(
                      "model",
                      "risk",
                      "stage",
                      "rows",
                      "worst_feature",
                      "psi",
                      "band",
                      "first_significant",
                      "perf",
                      "baseline",
                      "perf_night",
                      "worst_parity",
                      "p95_ms",
                      "p95_day0",
                      "fresh_h",
                      "sla_h"));
          for (PortfolioSummary.ModelSummary s : summary) {
            List<String> row = new ArrayList<>();
            row.add(s.modelId());
            row.add(s.riskTier());
            row.add(s.stage());
            row.add(Long.toString(s.rows()));
            row.add(s.worstFeature());
            row.add(fixed(s.worstPsi(), 4));
            row.add(s.worstBand());
            row.add(s.firstSignificant() == null ? "-" : s.firstSignificant().toString());
            row.add(s.perfMetric() == null ? "-" : s.perfMetric() + " " + fixed(s.perfValue(), 3));
            row.add(fixed(s.perfBaseline(), 3));
            row.add(s.perfNight() == null ? "-" : s.perfNight().toString());
            row.add(
                s.fairnessRatio() == null
                    ? "-"
                    : s.fairnessAttribute() + " " + fixed(s.fairnessRatio(), 2));
            row.add(fixed(s.latencyP95(), 1));
            row.add(fixed(s.latencyP95First(), 1));
            row.add(fixed(s.freshnessHours(), 1));
            row.add(fixed(s.freshnessSla(), 0));
            t.add(row);
          }
          out().println();
          out()
              .println(
                  "Portfolio summary, "
                      + start
                      + " + "
                      + days
                      + " nights (warehouse "
                      + ctx.warehouse()
                      + ")");
          t.print(out());
          out().println();
          out()
              .println(
                  "perf: AUC (RMSE for a regression) on the latest night with at least half of its"
                      + " labels, against the baseline; worst_parity: the lowest demographic parity"
                      + " ratio on the last night; p95_ms: latency on the last night and on the"
                      + " first; fresh_h: hours from the last night's newest prediction to its end.");
          out().println();
          out().println("Injected (day 0 = " + start + "):");
          int width = summary.stream().mapToInt(s -> s.modelId().length()).max().orElse(0);
          for (PortfolioSummary.ModelSummary s : summary) {
            out()
                .println(
                    "  "
                        + s.modelId()
                        + " ".repeat(width - s.modelId().length())
                        + "  "
                        + s.injected());
          }
          if (!result.shadow().isEmpty()) {
            out().println();
            out()
                .println(
                    "Shadow mode (steward.shadow_comparisons, one row per champion and challenger):");
            TextTable sh =
                new TextTable(
                    List.of(
                        "model",
                        "champion",
                        "challenger",
                        "nights",
                        "clean",
                        "watched",
                        "last_night",
                        "last_verdict"));
            for (ShadowSummary.Line l : result.shadow()) {
              sh.add(
                  List.of(
                      l.modelId(),
                      l.champion(),
                      l.challenger(),
                      Long.toString(l.nights()),
                      Long.toString(l.clean()),
                      Long.toString(l.watched()),
                      l.lastNight().toString(),
                      l.lastVerdict()));
            }
            sh.print(out());
            result.shadowNotes().forEach(n -> out().println("  " + n));
          }
          out().println();
          out()
              .println(
                  "Explore: scripts/steward sql \"SELECT model_id, window_start, feature, psi, psi_band FROM steward.feature_drift WHERE psi_band = 'SIGNIFICANT' ORDER BY window_start\"");
          out().println();
          AuditReportText.print(out(), result.audit().report());
          out().println(AuditSummary.line(result.audit().report()));
          return result.audit().raisedAnything() ? StewardCli.ALERTS : StewardCli.OK;
        });
  }

  private static String fixed(Double value, int decimals) {
    return value == null ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", value);
  }
}
