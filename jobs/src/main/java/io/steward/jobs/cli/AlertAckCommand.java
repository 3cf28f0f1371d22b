package io.steward.jobs.cli;

import io.steward.jobs.registry.AlertActions;
import io.steward.registry.store.AlertStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code steward alert ack}: acknowledges an alert episode, recorded in the trail. */
@Command(
    name = "ack",
    description =
        "Acknowledge an open alert with a reason (the model's owner, a VALIDATOR or a PLATFORM_ADMIN): quiet until it escalates.")
final class AlertAckCommand extends RegistryCommand {
  @Mixin HelpOption help;

  @Option(names = "--id", required = true, paramLabel = "ALERT_ID")
  String id;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why; kept in the trail.")
  String reason;

  @Override
  public Integer call() {
    return writing(
        "steward alert ack",
        ctx -> {
          AlertStore.Alert a = AlertActions.act(ctx, AlertActions.Kind.ACKNOWLEDGE, id, reason);
          out()
              .println(
                  "acknowledged alert "
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
