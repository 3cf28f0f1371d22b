package io.steward.jobs.cli;

import picocli.CommandLine.Command;

/** {@code steward alert}: the alert episodes the nightly rules raised, and people's actions. */
@Command(
    name = "alert",
    mixinStandardHelpOptions = true,
    description = "Alert episodes raised by the nightly rules: list, acknowledge, resolve.",
    subcommands = {AlertListCommand.class, AlertAckCommand.class, AlertResolveCommand.class})
final class AlertCommand extends GroupCommand {}
