package io.steward.jobs.cli;

import io.steward.common.errors.Errors;
import io.steward.jobs.audit.AuditAction;
import io.steward.jobs.audit.AuditSummary;
import io.steward.jobs.audit.TrailBroken;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = {
      "The inventory audit: reconciles the traffic of every registered log table (and of the"
          + " tables named) over the look-back window with the registry, raises ZOMBIE and"
          + " UNREGISTERED triggers, actions those that no longer hold, escalates open triggers"
          + " past due, and prints the portfolio report with its maturity score. It first"
          + " verifies the hash chain of the lifecycle events, and fails (exit 1) on a broken"
          + " trail without adding to it.",
      "Exit 0 clean, 3 new or escalated triggers, 1 failed, 2 bad input."
    })
final class AuditCommand extends StewardCommand {
  @Option(
      names = "--as-of",
      paramLabel = "YYYY-MM-DD",
      description = "The audit's day: the window ends with it. Default: today (UTC).")
  String asOf;

  @Option(
      names = "--lookback-days",
      paramLabel = "N",
      defaultValue = "7",
      description = "Days of traffic read, up to the audit's day. Default: ${DEFAULT-VALUE}.")
  int lookbackDays;

  @Option(
      names = "--scan-table",
      paramLabel = "TABLE",
      description = "A further log table to reconcile, by name or path (repeatable).")
  List<String> scanTables = new ArrayList<>();

  @Option(names = "--format", defaultValue = "table", description = "table or json.")
  OutputFormat format;

  @Override
  public Integer call() {
    if (format == OutputFormat.csv) {
      throw Errors.badArgument("--format", format, "table or json");
    }
    AuditAction.Params params = new AuditAction.Params(day(), lookbackDays, scanTables);
    return writing(
        "steward audit " + params.asOf(),
        ctx -> {
          AuditAction.Result r;
          try {
            r = AuditAction.run(ctx, params);
          } catch (TrailBroken e) {
            err().println("steward: trail broken: " + e.getMessage());
            return StewardCli.FAILED;
          }
          if (format == OutputFormat.json) {
            out().println(JsonLines.json(r.report()));
            ctx.progress(AuditSummary.line(r.report()));
          } else {
            AuditReportText.print(out(), r.report());
            out().println(AuditSummary.line(r.report()));
          }
          return r.raisedAnything() ? StewardCli.ALERTS : StewardCli.OK;
        });
  }

  private LocalDate day() {
    if (asOf == null) {
      return LocalDate.now(ZoneOffset.UTC);
    }
    try {
      return LocalDate.parse(asOf);
    } catch (DateTimeParseException e) {
      throw Errors.badArgument("--as-of", asOf, "a date written YYYY-MM-DD");
    }
  }
}
