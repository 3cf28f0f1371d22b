package io.steward.jobs.cli;

import io.steward.common.domain.Stage;
import io.steward.common.errors.Errors;
import io.steward.jobs.registry.Dossier;
import io.steward.registry.store.AlertStore;
import io.steward.registry.store.RegistryRecords;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code steward model list}: prints the model inventory as a table, CSV or JSON lines. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "The model inventory.")
final class ModelListCommand extends RegistryCommand {
  @Option(names = "--stage")
  String stage;

  @Option(names = "--owner")
  String owner;

  @Option(names = "--format", defaultValue = "table", description = "table, csv or json.")
  OutputFormat format;

  @Override
  public Integer call() {
    if (stage != null && Stage.parse(stage) == null) {
      throw Errors.badArgument(
          "--stage",
          stage,
          "one of USE_CASE_APPROVAL, DEVELOPMENT, VALIDATION, DEPLOYMENT, PRODUCTION, RETIRED");
    }
    return reading(
        ctx -> {
          List<String> header =
              List.of(
                  "model_id",
                  "name",
                  "stage",
                  "risk_tier",
                  "owner",
                  "champion_version",
                  "updated_at",
                  "open_triggers",
                  "open_alerts");
          List<RegistryRecords.Model> models =
              Dossier.list(ctx).values().stream()
                  .filter(m -> stage == null || m.stage().equalsIgnoreCase(stage.strip()))
                  .filter(m -> owner == null || m.owner().equals(owner))
                  .toList();
          Map<String, Long> open = Dossier.openTriggers(ctx);
          Map<String, List<AlertStore.Alert>> alerts = Dossier.openAlerts(ctx);
          if (format == OutputFormat.json) {
            for (RegistryRecords.Model m : models) {
              Map<String, Object> line = new LinkedHashMap<>(JsonLines.fields(m));
              line.put("openTriggers", open.getOrDefault(m.modelId(), 0L));
              line.put("openAlerts", alerts.getOrDefault(m.modelId(), List.of()).size());
              out().println(JsonLines.json(line));
            }
            return StewardCli.OK;
          }
          List<List<String>> rows = new ArrayList<>();
          for (RegistryRecords.Model m : models) {
            rows.add(
                Arrays.asList(
                    m.modelId(),
                    m.name(),
                    m.stage(),
                    m.riskTier(),
                    m.owner(),
                    m.championVersion(),
                    String.valueOf(m.updatedAt()),
                    Long.toString(open.getOrDefault(m.modelId(), 0L)),
                    Dossier.bySeverity(alerts.getOrDefault(m.modelId(), List.of()))));
          }
          if (format == OutputFormat.csv) {
            out().println(TextTable.csv(header));
            rows.forEach(r -> out().println(TextTable.csv(r)));
          } else {
            TextTable t = new TextTable(header);
            rows.forEach(t::add);
            t.print(out());
          }
          return StewardCli.OK;
        });
  }
}
