package io.steward.jobs.cli;

import io.steward.jobs.registry.AlertActions;
import io.steward.registry.store.AlertStore;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What {@code steward alert ack} and {@code steward alert resolve} share: the alert, the reason,
 * the action under the warehouse lock, recorded in the trail, and the one line saying what was done
 * to which alert by whom.
 */
abstract class AlertActionCommand extends RegistryCommand {
  @Mixin HelpOption help;

  @Option(names = "--id", required = true, paramLabel = "ALERT_ID")
  String id;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why; kept in the trail.")
  String reason;

  private final AlertActions.Kind kind;
  private final String command;
  private final String done;

  /**
   * @param command the command's full name, for messages
   * @param done the past participle printed, such as "acknowledged"
   */
  AlertActionCommand(AlertActions.Kind kind, String command, String done) {
    this.kind = kind;
    this.command = command;
    this.done = done;
  }

  @Override
  public Integer call() {
    return writing(
        command,
        ctx -> {
          AlertStore.Alert a = AlertActions.act(ctx, kind, id, reason);
          out()
              .println(done + " alert " + a.alertId() + " (" + a.headline() + ") as " + ctx.user());
          return StewardCli.OK;
        });
  }
}
