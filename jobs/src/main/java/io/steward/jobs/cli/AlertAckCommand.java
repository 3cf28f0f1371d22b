package io.steward.jobs.cli;

import io.steward.jobs.registry.AlertActions;
import picocli.CommandLine.Command;

/** {@code steward alert ack}: acknowledges an alert episode, recorded in the trail. */
@Command(
    name = "ack",
    description =
        "Acknowledge an open alert with a reason (the model's owner, a VALIDATOR or a PLATFORM_ADMIN): quiet until it escalates.")
final class AlertAckCommand extends AlertActionCommand {
  AlertAckCommand() {
    super(AlertActions.Kind.ACKNOWLEDGE, "steward alert ack", "acknowledged");
  }
}
