package io.steward.jobs.cli;

import io.steward.common.lifecycle.GatePolicy;
import io.steward.jobs.registry.PolicyActions;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "policy",
    mixinStandardHelpOptions = true,
    description =
        "The gate policy: fast-track, independent validation and committee tiers, shadow days.",
    subcommands = {PolicyCommand.Set.class, PolicyCommand.Show.class})
final class PolicyCommand extends GroupCommand {
  static void print(java.io.PrintWriter out, GatePolicy p) {
    out.println("fast_track: " + p.fastTrack());
    out.println("independent_validation: " + p.independentValidation());
    out.println("committee: " + p.committee());
    out.println("shadow_days: " + p.shadowDays());
  }

  @Command(
      name = "set",
      mixinStandardHelpOptions = true,
      description = "Put a policy file in force (PLATFORM_ADMIN only).")
  static final class Set extends StewardCommand {
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
      description = "Print the policy in force.")
  static final class Show extends StewardCommand {
    @Override
    public Integer call() {
      return reading(
          ctx -> {
            print(out(), PolicyActions.current(ctx));
            return StewardCli.OK;
          });
    }
  }
}
