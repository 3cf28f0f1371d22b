package io.steward.jobs.cli;

import io.steward.jobs.registry.AddVersionAction;
import io.steward.registry.store.RegistryRecords;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code steward model version add}: adds a version with its training lineage. */
@Command(
    name = "add",
    description = "Add a version with its training lineage, parameters and metrics.")
final class ModelVersionAddCommand extends RegistryCommand {
  @Mixin HelpOption help;

  @Option(names = "--id", required = true)
  String id;

  @Option(names = "--version", required = true)
  String version;

  @Option(
      names = "--training-table",
      required = true,
      description = "delta.`/path` or a table name.")
  String table;

  @Option(
      names = "--training-version",
      description = "The Delta version trained on (default: the latest, recorded).")
  Long tableVersion;

  @Option(names = "--param", paramLabel = "K=V", description = "A hyperparameter (repeatable).")
  Map<String, String> params = new LinkedHashMap<>();

  @Option(
      names = "--metric",
      paramLabel = "K=V",
      description = "An evaluation metric (repeatable).")
  Map<String, Double> metrics = new LinkedHashMap<>();

  @Option(names = "--run-uri", description = "The experiment run.")
  String runUri;

  @Option(names = "--environment", description = "Deployment environment.")
  String env;

  @Option(names = "--endpoint", description = "Serving endpoint.")
  String endpoint;

  @Option(names = "--dashboard", description = "Dashboard link.")
  String dashboard;

  @Override
  public Integer call() {
    return writing(
        "steward model version add",
        ctx -> {
          RegistryRecords.Version v =
              AddVersionAction.addVersion(
                  ctx,
                  new AddVersionAction.NewVersion(
                      id,
                      version,
                      table,
                      tableVersion,
                      params,
                      metrics,
                      runUri,
                      env,
                      endpoint,
                      dashboard));
          out()
              .println(
                  "added version "
                      + v.version()
                      + " of "
                      + id
                      + ", trained on "
                      + v.trainingTable()
                      + " at Delta version "
                      + v.trainingVersion());
          return StewardCli.OK;
        });
  }
}
