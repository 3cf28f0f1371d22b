package io.steward.jobs.cli;

import io.steward.jobs.registry.ApproveAction;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code steward model approve}: approves a gate. */
@Command(
    name = "approve",
    description = "Approve a gate (APPROVER; COMMITTEE for CRITICAL; the owner may on LOW).")
final class ModelApproveCommand extends RegistryCommand {
  @Mixin HelpOption help;

  @Option(names = "--id", required = true)
  String id;

  @Option(names = "--version")
  String version;

  @Option(
      names = "--gate",
      required = true,
      description =
          "The stage the approval lets the model enter, or MONITOR for a change of its monitor"
              + " spec (with --spec-sha256).")
  String gate;

  @Option(names = "--note")
  String note;

  @Option(
      names = "--spec-sha256",
      paramLabel = "SHA",
      description =
          "With --gate MONITOR: the monitor spec approved, by the SHA-256 that monitor register"
              + " prints; a model in PRODUCTION takes a changed spec only once it is approved.")
  String specSha256;

  @Override
  public Integer call() {
    return writing(
        "steward model approve",
        ctx -> {
          ApproveAction.approve(
              ctx, new ApproveAction.Approval(id, version, gate, note, specSha256));
          out()
              .println(
                  "approved the "
                      + gate.toUpperCase(Locale.ROOT)
                      + " gate of "
                      + id
                      + " as "
                      + ctx.user());
          return StewardCli.OK;
        });
  }
}
