package io.steward.jobs.cli;

import picocli.CommandLine.Command;

/** {@code steward model}: the governed model registry and its lifecycle. */
@Command(
    name = "model",
    mixinStandardHelpOptions = true,
    description = "The governed model registry and its lifecycle.",
    subcommands = {
      ModelRegisterCommand.class,
      ModelVersionCommand.class,
      ModelApproveCommand.class,
      ModelTransitionCommand.class,
      ModelShowCommand.class,
      ModelListCommand.class,
      ModelDossierCommand.class,
      ModelVerifyTrailCommand.class
    })
final class ModelCommand extends GroupCommand {}
