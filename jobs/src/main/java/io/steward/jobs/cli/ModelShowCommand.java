package io.steward.jobs.cli;

import io.steward.common.domain.EventType;
import io.steward.common.triggers.Trigger;
import io.steward.jobs.registry.Dossier;
import io.steward.registry.store.RegistryRecords;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code steward model show}: prints a model's dossier and event history as text or JSON. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = "The whole dossier and event history of a model.")
final class ModelShowCommand extends RegistryCommand {
  @Option(names = "--id", required = true)
  String id;

  @Option(names = "--format", defaultValue = "table", description = "table or json.")
  OutputFormat format;

  @Override
  public Integer call() {
    return reading(
        ctx -> {
          Dossier d = Dossier.of(ctx, id);
          if (format == OutputFormat.json) {
            out()
                .println(
                    JsonLines.json(
                        Map.of(
                            "model",
                            d.model(),
                            "versions",
                            d.versions(),
                            "artifacts",
                            d.artifacts(),
                            "events",
                            d.events(),
                            "openTriggers",
                            d.openTriggers(),
                            "openAlerts",
                            d.openAlerts())));
            return StewardCli.OK;
          }
          RegistryRecords.Model m = d.model();
          out().println(m.modelId() + ": " + m.name());
          out()
              .println(
                  "  stage "
                      + m.stage()
                      + ", risk tier "
                      + m.riskTier()
                      + ", owner "
                      + m.owner()
                      + ", champion "
                      + (m.championVersion() == null ? "-" : m.championVersion()));
          out().println("  use case: " + m.useCase());
          out().println("  monitoring: " + monitoring(d.events()));
          out().println("  open alerts: " + Dossier.bySeverity(d.openAlerts()));
          out()
              .println(
                  "  success criteria: "
                      + m.successCriteria()
                      + "; regulations: "
                      + m.regulations()
                      + "; data sources: "
                      + m.dataSources());
          out().println();
          TextTable v =
              new TextTable(
                  List.of(
                      "version",
                      "stage",
                      "training_table",
                      "delta_version",
                      "developer",
                      "metrics"));
          for (RegistryRecords.Version x : d.versions()) {
            v.add(
                Arrays.asList(
                    x.version(),
                    x.stage(),
                    x.trainingTable(),
                    Long.toString(x.trainingVersion()),
                    x.developer(),
                    String.valueOf(x.metrics())));
          }
          v.print(out());
          out().println();
          TextTable a = new TextTable(List.of("kind", "version", "outcome", "added_by", "uri"));
          for (RegistryRecords.Artifact x : d.artifacts()) {
            a.add(Arrays.asList(x.kind(), x.version(), x.outcome(), x.addedBy(), x.uri()));
          }
          a.print(out());
          out().println();
          if (!d.openAlerts().isEmpty()) {
            TextTable alerts = new TextTable(AlertRows.HEADER);
            d.openAlerts().forEach(x -> alerts.add(AlertRows.cells(x)));
            alerts.print(out());
            out().println();
          }
          TextTable e =
              new TextTable(
                  List.of("seq", "at", "actor", "event", "version", "from", "to", "reason"));
          for (RegistryRecords.Event x : d.events()) {
            e.add(
                Arrays.asList(
                    Long.toString(x.seq()),
                    x.at().toString(),
                    x.actor(),
                    x.eventType(),
                    x.version(),
                    x.fromStage(),
                    x.toStage(),
                    x.reason()));
          }
          e.print(out());
          out().println();
          out().println("open triggers: " + d.openTriggers().size());
          if (!d.openTriggers().isEmpty()) {
            TextTable t =
                new TextTable(
                    List.of(
                        "trigger",
                        "version",
                        "kind",
                        "reason",
                        "owner",
                        "due",
                        "escalated",
                        "evidence"));
            for (Trigger x : d.openTriggers()) {
              t.add(
                  Arrays.asList(
                      x.triggerId(),
                      x.modelVersion(),
                      x.kind().name(),
                      x.reason(),
                      x.owner(),
                      x.dueDate().toString(),
                      Boolean.toString(x.escalated()),
                      x.evidence()));
            }
            t.print(out());
          }
          return StewardCli.OK;
        });
  }

  private static final Pattern SHA = Pattern.compile("spec_sha256=([0-9a-f]{12})");
  private static final Pattern SNAPSHOT = Pattern.compile("snapshot=([^;]+)");

  /** The model's monitor spec and baseline as its trail records them. */
  static String monitoring(List<RegistryRecords.Event> events) {
    RegistryRecords.Event spec = null;
    RegistryRecords.Event baseline = null;
    for (RegistryRecords.Event e : events) {
      if (e.is(EventType.MONITOR_REGISTERED)) {
        spec = e;
      } else if (e.is(EventType.BASELINE_BUILT)) {
        baseline = e;
      }
    }
    return (spec == null
            ? "no monitor spec registered on the trail"
            : "spec " + group(SHA, spec) + " registered by " + spec.actor() + " " + day(spec))
        + "; "
        + (baseline == null
            ? "no baseline built on the trail"
            : "baseline of "
                + group(SNAPSHOT, baseline)
                + " built by "
                + baseline.actor()
                + " "
                + day(baseline));
  }

  private static String group(Pattern p, RegistryRecords.Event e) {
    Matcher m = p.matcher(e.evidence() == null ? "" : e.evidence());
    return m.find() ? m.group(1) : "?";
  }

  private static String day(RegistryRecords.Event e) {
    return "on " + e.at().atZone(ZoneOffset.UTC).toLocalDate();
  }
}
