package io.steward.jobs.cli;

import io.steward.jobs.registry.AddArtifactAction;
import io.steward.registry.store.RegistryRecords;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "artifact",
    mixinStandardHelpOptions = true,
    description =
        "Lifecycle evidence: MDPs, bias tests, validation reports, runbooks, retirement plans.",
    subcommands = {ArtifactCommand.Add.class})
final class ArtifactCommand extends GroupCommand {
  @Command(name = "add", description = "Record a document as evidence.")
  static final class Add extends RegistryCommand {
    @Mixin HelpOption help;

    @Option(names = "--model", required = true, paramLabel = "ID")
    String model;

    @Option(names = "--version", paramLabel = "V", description = "The version it is about, if any.")
    String version;

    @Option(
        names = "--kind",
        required = true,
        description =
            "MDP, BIAS_TEST, VALIDATION_REPORT, RUNBOOK, RETIREMENT_PLAN, EXPERIMENT_LOG, MODEL_CARD or OTHER.")
    String kind;

    @Option(names = "--uri", required = true, description = "Where the document lives.")
    String uri;

    @Option(
        names = "--outcome",
        description = "APPROVED, CONDITIONAL, REJECTED (validation), PASS or FAIL (tests).")
    String outcome;

    @Option(
        names = "--note",
        description = "Free text; the remediation items of a CONDITIONAL approval.")
    String note;

    @Option(
        names = "--detail",
        paramLabel = "KEY=VALUE",
        description = "Structured facts, e.g. reason=superseded (repeatable).")
    Map<String, String> details = new LinkedHashMap<>();

    @Override
    public Integer call() {
      return writing(
          "steward artifact add",
          ctx -> {
            RegistryRecords.Artifact a =
                AddArtifactAction.addArtifact(
                    ctx,
                    new AddArtifactAction.NewArtifact(
                        model, version, kind, uri, outcome, note, details));
            out()
                .println(
                    "added "
                        + a.kind()
                        + " "
                        + a.artifactId()
                        + " to "
                        + model
                        + (version == null ? "" : " version " + version));
            return StewardCli.OK;
          });
    }
  }
}
