package io.steward.jobs.cli;

import io.steward.jobs.registry.AlertActions;
import io.steward.registry.store.AlertStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code steward alert resolve}: resolves an alert episode by hand, recorded in the trail. */
@Command(
    name = "resolve",
    description =
        "Resolve an alert by hand with a reason (the model's owner, a VALIDATOR or a PLATFORM_ADMIN); a later breach opens a new alert.")
final class AlertResolveCommand extends RegistryCommand {
  @Mixin HelpOption help;

  @Option(names = "--id", required = true, paramLabel = "ALERT_ID")
  String id;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why; kept in the trail.")
  String reason;

  @Override
  public Integer call() {
    return writing(
        "steward alert resolve",
        ctx -> {
          AlertStore.Alert a = AlertActions.act(ctx, AlertActions.Kind.RESOLVE, id, reason);
          out()
              .println(
                  "resolved alert "
                      + a.alertId()
                      + " ("
                      + a.severity()
                      + " "
                      + a.rule()
                      + (a.subject().isEmpty() ? "" : " of " + a.subject())
                      + " on "
                      + a.modelId()
                      + ") as "
                      + ctx.user());
          return StewardCli.OK;
        });
  }
}
