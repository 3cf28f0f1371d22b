package io.steward.jobs.cli;

import io.steward.jobs.registry.AlertActions;
import picocli.CommandLine.Command;

/** {@code steward alert resolve}: resolves an alert episode by hand, recorded in the trail. */
@Command(
    name = "resolve",
    description =
        "Resolve an alert by hand with a reason (the model's owner, a VALIDATOR or a PLATFORM_ADMIN); a later breach opens a new alert.")
final class AlertResolveCommand extends AlertActionCommand {
  AlertResolveCommand() {
    super(AlertActions.Kind.RESOLVE, "steward alert resolve", "resolved");
  }
}
