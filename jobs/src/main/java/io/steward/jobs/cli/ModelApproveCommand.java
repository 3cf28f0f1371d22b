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
      description = "The stage the approval lets the model enter.")
  String gate;

  @Option(names = "--note")
  String note;

  @Override
  public Integer call() {
    return writing(
        "steward model approve",
        ctx -> {
          ApproveAction.approve(ctx, new ApproveAction.Approval(id, version, gate, note));
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
