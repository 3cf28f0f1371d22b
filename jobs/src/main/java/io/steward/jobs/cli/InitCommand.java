package io.steward.jobs.cli;

import io.steward.jobs.warehouse.InitAction;
import io.steward.registry.warehouse.Migrations;
import java.util.List;
import picocli.CommandLine.Command;

@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description = "Create or upgrade the warehouse tables (idempotent).")
final class InitCommand extends StewardCommand {
  @Override
  public Integer call() {
    return writing(
        "steward init",
        ctx -> {
          List<Migrations.Migration> applied = InitAction.run(ctx);
          for (Migrations.Migration m : applied) {
            out().println("applied migration " + m.version() + ": " + m.description());
          }
          out()
              .println(
                  "warehouse "
                      + ctx.warehouse()
                      + " is at schema version "
                      + Migrations.CURRENT
                      + (applied.isEmpty() ? " (already current)" : ""));
          return StewardCli.OK;
        });
  }
}
