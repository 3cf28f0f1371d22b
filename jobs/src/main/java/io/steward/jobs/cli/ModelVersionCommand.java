package io.steward.jobs.cli;

import picocli.CommandLine.Command;

/** {@code steward model version}: groups the commands on model versions. */
@Command(
    name = "version",
    mixinStandardHelpOptions = true,
    description = "Model versions.",
    subcommands = {ModelVersionAddCommand.class})
final class ModelVersionCommand extends GroupCommand {}
