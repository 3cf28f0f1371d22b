package io.steward.jobs.cli;

import io.steward.jobs.registry.RegisterAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code steward model register}: registers a use case. */
@Command(
    name = "register",
    mixinStandardHelpOptions = true,
    description = "Register a use case; it starts in USE_CASE_APPROVAL.")
final class ModelRegisterCommand extends RegistryCommand {
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

  @Option(names = "--success-criteria", required = true, description = "e.g. \"auc>=0.75,ks>0.3\".")
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
          RegisterAction.register(
              ctx,
              new RegisterAction.Registration(
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
