package io.steward.jobs.cli;

import io.steward.jobs.registry.TransitionAction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code steward model transition}: moves a model or a retrained version to a stage. */
@Command(
    name = "transition",
    description = "Move a model (or a retrained version) to a stage; the gate checks the evidence.")
final class ModelTransitionCommand extends StewardCommand {
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
          TransitionAction.Moved m =
              TransitionAction.transition(
                  ctx, new TransitionAction.Transition(id, version, to, reason, override));
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
