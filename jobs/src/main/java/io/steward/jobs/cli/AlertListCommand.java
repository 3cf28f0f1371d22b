package io.steward.jobs.cli;

import io.steward.common.decisions.EpisodeStatus;
import io.steward.common.errors.Errors;
import io.steward.jobs.registry.AlertActions;
import io.steward.registry.store.AlertStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code steward alert list}: alert episodes as a table, CSV or JSON lines. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "Alert episodes, by model and first breach (every status unless --status).")
final class AlertListCommand extends RegistryCommand {
  @Option(names = "--model", paramLabel = "ID", description = "Only this model (repeatable).")
  List<String> models = new ArrayList<>();

  @Option(names = "--status", description = "OPEN, ACKNOWLEDGED or RESOLVED.")
  String status;

  @Option(names = "--owner")
  String owner;

  @Option(names = "--format", defaultValue = "table", description = "table, csv or json.")
  OutputFormat format;

  @Override
  public Integer call() {
    if (status != null
        && Arrays.stream(EpisodeStatus.values())
            .noneMatch(s -> s.name().equals(status.strip().toUpperCase(Locale.ROOT)))) {
      throw Errors.badArgument("--status", status, "one of OPEN, ACKNOWLEDGED, RESOLVED");
    }
    return reading(
        ctx -> {
          List<AlertStore.Alert> alerts =
              AlertActions.list(ctx, models.isEmpty() ? null : models).stream()
                  .filter(
                      a ->
                          status == null
                              || a.status().equals(status.strip().toUpperCase(Locale.ROOT)))
                  .filter(a -> owner == null || owner.equals(a.owner()))
                  .toList();
          if (format == OutputFormat.json) {
            alerts.forEach(a -> out().println(JsonLines.json(a)));
          } else if (format == OutputFormat.csv) {
            out().println(TextTable.csv(AlertRows.HEADER));
            alerts.forEach(a -> out().println(TextTable.csv(AlertRows.cells(a))));
          } else {
            TextTable t = new TextTable(AlertRows.HEADER);
            alerts.forEach(a -> t.add(AlertRows.cells(a)));
            t.print(out());
          }
          return StewardCli.OK;
        });
  }
}
