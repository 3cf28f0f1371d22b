package io.steward.jobs.cli;

import io.steward.common.errors.Errors;
import io.steward.common.lifecycle.GatePolicy;
import io.steward.jobs.registry.PolicyActions;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "policy",
    mixinStandardHelpOptions = true,
    description =
        "The gate policy: fast-track, independent validation and committee tiers, shadow days,"
            + " and the thresholds of the nightly rules.",
    subcommands = {PolicyCommand.Set.class, PolicyCommand.Show.class})
final class PolicyCommand extends GroupCommand {
  static void print(java.io.PrintWriter out, GatePolicy p) {
    out.println("fast_track: " + p.fastTrack());
    out.println("independent_validation: " + p.independentValidation());
    out.println("committee: " + p.committee());
    out.println("shadow_days: " + p.shadowDays());
    out.println("selftest_max_age_days: " + p.selfTestMaxAgeDays());
  }

  @Command(
      name = "set",
      mixinStandardHelpOptions = true,
      description = "Put a policy file in force (PLATFORM_ADMIN only).")
  static final class Set extends RegistryCommand {
    @Option(names = "--file", required = true, paramLabel = "POLICY.yaml")
    Path file;

    @Override
    public Integer call() {
      return writing(
          "steward policy set",
          ctx -> {
            print(out(), PolicyActions.set(ctx, file));
            return StewardCli.OK;
          });
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description =
          "Print the policy in force: the gate values and the thresholds of the nightly rules per"
              + " risk tier.")
  static final class Show extends RegistryCommand {
    @Option(names = "--format", defaultValue = "table", description = "table or json.")
    OutputFormat format;

    @Override
    public Integer call() {
      return reading(
          ctx -> {
            GatePolicy p = PolicyActions.current(ctx);
            switch (format) {
              case table -> PolicyReport.table(out(), p);
              case json -> PolicyReport.json(out(), p);
              case csv -> throw Errors.badArgument("--format", format, "table or json");
            }
            return StewardCli.OK;
          });
    }
  }
}
