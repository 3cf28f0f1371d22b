package io.steward.jobs.cli;

import io.steward.jobs.action.registry.PrincipalActions;
import io.steward.registry.store.RegistryRecords;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "principal",
    mixinStandardHelpOptions = true,
    description =
        "Who holds which role (OWNER, DEVELOPER, VALIDATOR, APPROVER, COMMITTEE, PLATFORM_ADMIN).",
    subcommands = {
      PrincipalCommand.Grant.class,
      PrincipalCommand.Revoke.class,
      PrincipalCommand.ListGrants.class
    })
final class PrincipalCommand extends GroupCommand {
  @Command(
      name = "grant",
      mixinStandardHelpOptions = true,
      description = "Grant a role (PLATFORM_ADMIN only).")
  static final class Grant extends StewardCommand {
    @Option(names = "--user", required = true, description = "The user (Hadoop/OS user name).")
    String user;

    @Option(names = "--role", required = true, description = "The role.")
    String role;

    @Override
    public Integer call() {
      return writing(
          "steward principal grant",
          ctx -> {
            PrincipalActions.grant(ctx, user, role);
            out().println("granted " + role.toUpperCase(java.util.Locale.ROOT) + " to " + user);
            return StewardCli.OK;
          });
    }
  }

  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = "Revoke a role (PLATFORM_ADMIN only).")
  static final class Revoke extends StewardCommand {
    @Option(names = "--user", required = true, description = "The user.")
    String user;

    @Option(names = "--role", required = true, description = "The role.")
    String role;

    @Override
    public Integer call() {
      return writing(
          "steward principal revoke",
          ctx -> {
            PrincipalActions.revoke(ctx, user, role);
            out().println("revoked " + role.toUpperCase(java.util.Locale.ROOT) + " from " + user);
            return StewardCli.OK;
          });
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List every grant, active or revoked.")
  static final class ListGrants extends StewardCommand {
    @Override
    public Integer call() {
      return reading(
          ctx -> {
            TextTable t =
                new TextTable(
                    List.of("user", "role", "active", "granted_by", "granted_at", "revoked_by"));
            for (RegistryRecords.Grant g : PrincipalActions.list(ctx)) {
              t.add(
                  java.util.Arrays.asList(
                      g.user(),
                      g.role(),
                      Boolean.toString(g.active()),
                      g.grantedBy(),
                      String.valueOf(g.grantedAt()),
                      g.revokedBy()));
            }
            t.print(out());
            return StewardCli.OK;
          });
    }
  }
}
