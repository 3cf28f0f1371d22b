package io.steward.jobs.cli;

import io.steward.jobs.StewardContext;
import io.steward.jobs.registry.PrincipalActions;
import io.steward.registry.store.RegistryRecords;
import java.util.List;
import java.util.Locale;
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
  /** Grant and revoke: the same options, a different action. */
  abstract static class RoleChange extends RegistryCommand {
    @Option(names = "--user", required = true, description = "The user (Hadoop/OS user name).")
    String user;

    @Option(names = "--role", required = true, description = "The role.")
    String role;

    abstract void apply(StewardContext ctx);

    abstract String done();

    @Override
    public Integer call() {
      return writing(
          "steward principal " + spec.name(),
          ctx -> {
            apply(ctx);
            out().println(done());
            return StewardCli.OK;
          });
    }
  }

  @Command(
      name = "grant",
      mixinStandardHelpOptions = true,
      description = "Grant a role (PLATFORM_ADMIN only).")
  static final class Grant extends RoleChange {
    @Override
    void apply(StewardContext ctx) {
      PrincipalActions.grant(ctx, user, role);
    }

    @Override
    String done() {
      return "granted " + role.toUpperCase(Locale.ROOT) + " to " + user;
    }
  }

  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = "Revoke a role (PLATFORM_ADMIN only).")
  static final class Revoke extends RoleChange {
    @Override
    void apply(StewardContext ctx) {
      PrincipalActions.revoke(ctx, user, role);
    }

    @Override
    String done() {
      return "revoked " + role.toUpperCase(Locale.ROOT) + " from " + user;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List every grant, active or revoked.")
  static final class ListGrants extends RegistryCommand {
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
