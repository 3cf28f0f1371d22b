package io.steward.jobs.cli;

import io.steward.common.errors.Errors;
import io.steward.jobs.registry.TransitionAction;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code steward model transition}: moves a model or a retrained version to a stage. */
@Command(
    name = "transition",
    description = "Move a model (or a retrained version) to a stage; the gate checks the evidence.")
final class ModelTransitionCommand extends RegistryCommand {
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

  @Option(
      names = "--effective-on",
      paramLabel = "DATE",
      description =
          "The day (YYYY-MM-DD, not in the future) the change took effect in serving, when the"
              + " registry catches up with a deployment made earlier (recorded; default today).")
  String effectiveOn;

  @Override
  public Integer call() {
    return writing(
        "steward model transition",
        ctx -> {
          TransitionAction.Moved m =
              TransitionAction.transition(
                  ctx,
                  new TransitionAction.Transition(
                      id, version, to, reason, override, effectiveDay()));
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

  private LocalDate effectiveDay() {
    if (effectiveOn == null) {
      return null;
    }
    try {
      return LocalDate.parse(effectiveOn);
    } catch (DateTimeParseException e) {
      throw Errors.badArgument(
          "--effective-on", effectiveOn, "a day no later than today (UTC), in YYYY-MM-DD");
    }
  }
}
