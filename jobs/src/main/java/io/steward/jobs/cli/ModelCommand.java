package io.steward.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.steward.common.errors.Errors;
import io.steward.jobs.registry.Dossier;
import io.steward.jobs.registry.ModelActions;
import io.steward.jobs.report.DossierHtml;
import io.steward.registry.store.RegistryRecords;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "model",
    mixinStandardHelpOptions = true,
    description = "The governed model registry and its lifecycle.",
    subcommands = {
      ModelCommand.Register.class,
      ModelCommand.VersionGroup.class,
      ModelCommand.Approve.class,
      ModelCommand.Transition.class,
      ModelCommand.Show.class,
      ModelCommand.ListModels.class,
      ModelCommand.DossierFile.class,
      ModelCommand.VerifyTrail.class
    })
final class ModelCommand extends GroupCommand {
  static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  /** One JSON document on one line. */
  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Command(
      name = "register",
      mixinStandardHelpOptions = true,
      description = "Register a use case; it starts in USE_CASE_APPROVAL.")
  static final class Register extends StewardCommand {
    @Option(names = "--id", required = true)
    String id;

    @Option(names = "--name", required = true)
    String name;

    @Option(names = "--owner", required = true, description = "The accountable owner (a user).")
    String owner;

    @Option(names = "--risk-tier", required = true, description = "LOW, MEDIUM, HIGH or CRITICAL.")
    String tier;

    @Option(names = "--use-case", required = true, description = "The business problem.")
    String useCase;

    @Option(
        names = "--success-criteria",
        required = true,
        description = "e.g. \"auc>=0.75,ks>0.3\".")
    String criteria;

    @Option(names = "--regulation", description = "Applicable regulation (repeatable).")
    List<String> regulations = new ArrayList<>();

    @Option(names = "--data-source", description = "A data source (repeatable).")
    List<String> sources = new ArrayList<>();

    @Override
    public Integer call() {
      return writing(
          "steward model register",
          ctx -> {
            ModelActions.register(
                ctx,
                new ModelActions.Registration(
                    id, name, owner, tier, useCase, criteria, regulations, sources));
            out()
                .println(
                    "registered "
                        + id
                        + " ("
                        + tier.toUpperCase(Locale.ROOT)
                        + ", owner "
                        + owner
                        + ") in USE_CASE_APPROVAL");
            return StewardCli.OK;
          });
    }
  }

  @Command(
      name = "version",
      mixinStandardHelpOptions = true,
      description = "Model versions.",
      subcommands = {AddVersion.class})
  static final class VersionGroup extends GroupCommand {}

  @Command(
      name = "add",
      description = "Add a version with its training lineage, parameters and metrics.")
  static final class AddVersion extends StewardCommand {
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
                ModelActions.addVersion(
                    ctx,
                    new ModelActions.NewVersion(
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

  @Command(
      name = "approve",
      description = "Approve a gate (APPROVER; COMMITTEE for CRITICAL; the owner may on LOW).")
  static final class Approve extends StewardCommand {
    @Mixin HelpOption help;

    @Option(names = "--id", required = true)
    String id;

    @Option(names = "--version")
    String version;

    @Option(
        names = "--gate",
        required = true,
        description = "The stage the approval lets the model enter.")
    String gate;

    @Option(names = "--note")
    String note;

    @Override
    public Integer call() {
      return writing(
          "steward model approve",
          ctx -> {
            ModelActions.approve(ctx, id, version, gate, note);
            out()
                .println(
                    "approved the "
                        + gate.toUpperCase(Locale.ROOT)
                        + " gate of "
                        + id
                        + " as "
                        + ctx.user());
            return StewardCli.OK;
          });
    }
  }

  @Command(
      name = "transition",
      description =
          "Move a model (or a retrained version) to a stage; the gate checks the evidence.")
  static final class Transition extends StewardCommand {
    @Mixin HelpOption help;

    @Option(names = "--id", required = true)
    String id;

    @Option(names = "--version")
    String version;

    @Option(names = "--to", required = true)
    String to;

    @Option(names = "--reason", required = true)
    String reason;

    @Option(
        names = "--override",
        description = "Go ahead despite missing evidence (COMMITTEE or PLATFORM_ADMIN; recorded).")
    boolean override;

    @Override
    public Integer call() {
      return writing(
          "steward model transition",
          ctx -> {
            ModelActions.Moved m =
                ModelActions.transition(
                    ctx, new ModelActions.Transition(id, version, to, reason, override));
            out()
                .println(
                    "moved "
                        + m.subject()
                        + " from "
                        + m.from()
                        + " to "
                        + m.to()
                        + (m.overridden().isEmpty()
                            ? ""
                            : " (OVERRIDE; missing: " + String.join("; ", m.overridden()) + ")"));
            return StewardCli.OK;
          });
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "The whole dossier and event history of a model.")
  static final class Show extends StewardCommand {
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
                      json(
                          Map.of(
                              "model",
                              d.model(),
                              "versions",
                              d.versions(),
                              "artifacts",
                              d.artifacts(),
                              "events",
                              d.events())));
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
            TextTable e =
                new TextTable(
                    List.of("seq", "at", "actor", "event", "version", "from", "to", "reason"));
            for (RegistryRecords.Event x : d.events()) {
              e.add(
                  Arrays.asList(
                      Long.toString(x.seq()),
                      x.at().toString(),
                      x.actor(),
                      x.eventType().name(),
                      x.version(),
                      x.fromStage(),
                      x.toStage(),
                      x.reason()));
            }
            e.print(out());
            return StewardCli.OK;
          });
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "The model inventory.")
  static final class ListModels extends StewardCommand {
    @Option(names = "--stage")
    String stage;

    @Option(names = "--owner")
    String owner;

    @Option(names = "--format", defaultValue = "table", description = "table, csv or json.")
    OutputFormat format;

    @Override
    public Integer call() {
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
                    "updated_at");
            List<RegistryRecords.Model> models =
                Dossier.list(ctx).values().stream()
                    .filter(m -> stage == null || m.stage().equalsIgnoreCase(stage))
                    .filter(m -> owner == null || m.owner().equals(owner))
                    .toList();
            if (format == OutputFormat.json) {
              for (RegistryRecords.Model m : models) {
                out().println(json(m));
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
                      String.valueOf(m.updatedAt())));
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

  @Command(
      name = "dossier",
      mixinStandardHelpOptions = true,
      description = "Write the evidence pack of a model as one HTML file.")
  static final class DossierFile extends StewardCommand {
    @Option(names = "--id", required = true)
    String id;

    @Option(names = "--out", required = true, paramLabel = "FILE.html")
    Path out;

    @Override
    public Integer call() {
      return reading(
          ctx -> {
            Dossier d = Dossier.of(ctx, id);
            try {
              if (out.toAbsolutePath().getParent() != null) {
                Files.createDirectories(out.toAbsolutePath().getParent());
              }
              Files.writeString(
                  out, DossierHtml.render(d, ctx.warehouse().root()), StandardCharsets.UTF_8);
            } catch (IOException e) {
              throw Errors.fileUnreadable(out.toString(), e.toString());
            }
            out().println("wrote " + out);
            return StewardCli.OK;
          });
    }
  }

  @Command(
      name = "verify-trail",
      mixinStandardHelpOptions = true,
      description =
          "Recompute the hash chain of steward.lifecycle_events; exit 1 naming the first event altered, removed or inserted out of band.")
  static final class VerifyTrail extends StewardCommand {
    @Override
    public Integer call() {
      return reading(
          ctx -> {
            String broken = Dossier.verifyTrail(ctx);
            if (broken != null) {
              err().println("steward: trail broken: " + broken);
              return StewardCli.FAILED;
            }
            out()
                .println(
                    "trail intact: " + Dossier.trailLength(ctx) + " events, hash chain verified");
            return StewardCli.OK;
          });
    }
  }
}
