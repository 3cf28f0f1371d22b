package io.steward.jobs.cli;

import io.steward.common.domain.Granularity;
import io.steward.common.domain.TimeWindow;
import io.steward.common.errors.Errors;
import io.steward.jobs.nightly.NightlyAction;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "nightly",
    mixinStandardHelpOptions = true,
    description = {
      "Compute drift, performance, fairness and operational metrics for every registered"
          + " monitor (or the named ones) over the night D,"
          + " [D 00:00, D+1 00:00) UTC, or over every night from D1 to D2 in one pass.",
      "A Sunday also closes its ISO week (granularity WEEK); earlier nights whose late labels"
          + " changed are recomputed. Rerunning a night replaces its results.",
      "Then the rules judge the models' nightly results and alert episodes open, escalate or"
          + " resolve (steward alert list).",
      "Exit 0 clean, 1 failed, 2 bad input, 3 ran and raised a new or escalated alert or trigger."
    })
final class NightlyCommand extends StewardCommand {
  @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "One night.")
  String date;

  @Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "First night of a backfill.")
  String from;

  @Option(
      names = "--to",
      paramLabel = "YYYY-MM-DD",
      description = "Last night of a backfill (inclusive).")
  String to;

  @Option(names = "--model", paramLabel = "ID", description = "Only this model (repeatable).")
  List<String> models = new ArrayList<>();

  @Override
  public Integer call() {
    TimeWindow window = window();
    return writing(
        "steward nightly " + window,
        ctx -> {
          NightlyAction.Result r = NightlyAction.run(ctx, new NightlyAction.Params(window, models));
          NightlySummary.print(out(), r.nights());
          ctx.progress("run " + r.runId() + ": " + r.message());
          NightlySummary.printRaised(out(), r.decisions());
          // A skipped model needs a person as much as a new alert does: exit 3, not 0.
          return r.decisions().raisedAnything() || !r.skipped().isEmpty()
              ? StewardCli.ALERTS
              : StewardCli.OK;
        });
  }

  private TimeWindow window() {
    if (date != null && (from != null || to != null)) {
      throw Errors.badArgument("--date", date, "given alone, or replaced by --from and --to");
    }
    if (date != null) {
      return TimeWindow.night(day("--date", date));
    }
    if (from == null && to == null) {
      throw Errors.missingOption(
          "--date", "the night as YYYY-MM-DD, or a range with --from and --to");
    }
    if (from == null || to == null) {
      throw Errors.badArgument(
          "--from/--to", from == null ? to : from, "given together (or use --date)");
    }
    LocalDate first = day("--from", from);
    LocalDate last = day("--to", to);
    if (last.isBefore(first)) {
      throw Errors.badArgument("--to", to, "on or after --from " + from);
    }
    return new TimeWindow(first, last, Granularity.DAY);
  }

  private static LocalDate day(String option, String text) {
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw Errors.badArgument(option, text, "a date written YYYY-MM-DD");
    }
  }
}
