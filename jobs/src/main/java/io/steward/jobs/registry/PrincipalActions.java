package io.steward.jobs.registry;

import io.steward.common.domain.EventType;
import io.steward.common.domain.Role;
import io.steward.common.errors.Errors;
import io.steward.jobs.StewardContext;
import io.steward.registry.store.Registry;
import io.steward.registry.store.RegistryRecords;
import java.time.Instant;
import java.util.List;

/** Who holds which role. Only a PLATFORM_ADMIN grants and revokes. */
public final class PrincipalActions {
  private PrincipalActions() {}

  /** The user who first initialises a warehouse becomes its first PLATFORM_ADMIN. */
  public static boolean bootstrap(StewardContext ctx) {
    Registry registry = new Registry(ctx.spark(), ctx.warehouse());
    if (!registry.grants().isEmpty()) {
      return false;
    }
    Governance g = Governance.of(ctx);
    g.commit(
        new RegistryRecords.NewEvent(
            ctx.user(),
            EventType.PRINCIPAL_GRANTED,
            null,
            null,
            null,
            null,
            ctx.user() + " PLATFORM_ADMIN (first user of the warehouse)",
            null),
        g.registry.grantRow(
            new RegistryRecords.Grant(
                ctx.user(),
                Role.PLATFORM_ADMIN.name(),
                true,
                ctx.user(),
                Instant.now(),
                null,
                null)));
    return true;
  }

  public static void grant(StewardContext ctx, String user, String roleName) {
    grant(Governance.of(ctx), user, roleName);
  }

  public static void grant(Governance g, String user, String roleName) {
    RegistryRecords.NewEvent attempt =
        new RegistryRecords.NewEvent(
            g.actor,
            EventType.PRINCIPAL_GRANTED,
            null,
            null,
            null,
            null,
            user + " " + roleName,
            null);
    Role role = checkedRole(g, attempt, roleName);
    checkAdmin(g, attempt, "grant roles");
    if (!isUserName(user)) {
      throw g.refuse(attempt, Errors.badArgument("--user", user, "a user name such as alice"));
    }
    g.commit(
        attempt,
        g.registry.grantRow(
            new RegistryRecords.Grant(
                user, role.name(), true, g.actor, Instant.now(), null, null)));
  }

  public static void revoke(StewardContext ctx, String user, String roleName) {
    revoke(Governance.of(ctx), user, roleName);
  }

  public static void revoke(Governance g, String user, String roleName) {
    RegistryRecords.NewEvent attempt =
        new RegistryRecords.NewEvent(
            g.actor,
            EventType.PRINCIPAL_REVOKED,
            null,
            null,
            null,
            null,
            user + " " + roleName,
            null);
    Role role = checkedRole(g, attempt, roleName);
    checkAdmin(g, attempt, "revoke roles");
    List<RegistryRecords.Grant> grants = g.registry.grants();
    RegistryRecords.Grant current =
        grants.stream()
            .filter(x -> x.user().equals(user) && x.role().equals(role.name()) && x.active())
            .findFirst()
            .orElse(null);
    if (current == null) {
      throw g.refuse(
          attempt, Errors.badArgument("--user/--role", user + " " + role, "an active grant"));
    }
    long admins =
        grants.stream()
            .filter(x -> x.active() && x.role().equals(Role.PLATFORM_ADMIN.name()))
            .count();
    if (role == Role.PLATFORM_ADMIN && admins <= 1) {
      throw g.refuse(
          attempt,
          Errors.refused(
              "revoke the last PLATFORM_ADMIN", List.of("another PLATFORM_ADMIN granted first")));
    }
    g.commit(
        attempt,
        g.registry.grantRow(
            new RegistryRecords.Grant(
                user,
                role.name(),
                false,
                current.grantedBy(),
                current.grantedAt(),
                g.actor,
                Instant.now())));
  }

  /** Every grant; PLATFORM_ADMIN only (a read: a refusal here writes no event). */
  public static List<RegistryRecords.Grant> list(StewardContext ctx) {
    Governance g = Governance.of(ctx);
    if (!g.has(g.actor, Role.PLATFORM_ADMIN)) {
      throw Errors.notPermitted(g.actor, "list principals", "the PLATFORM_ADMIN role");
    }
    return g.registry.grants();
  }

  /**
   * True for a name a Hadoop user can have: letters, digits and {@code . _ @ / -}, as in {@code
   * alice} or {@code svc/batch@BANK.EXAMPLE}.
   */
  static boolean isUserName(String user) {
    return user != null && user.matches("[A-Za-z0-9._@/-]{1,128}");
  }

  private static Role checkedRole(Governance g, RegistryRecords.NewEvent attempt, String roleName) {
    Role role = Role.parse(roleName);
    if (role == null) {
      throw g.refuse(
          attempt,
          Errors.badArgument(
              "--role",
              roleName,
              "OWNER, DEVELOPER, VALIDATOR, APPROVER, COMMITTEE or PLATFORM_ADMIN"));
    }
    return role;
  }

  private static void checkAdmin(Governance g, RegistryRecords.NewEvent attempt, String what) {
    if (!g.has(g.actor, Role.PLATFORM_ADMIN)) {
      throw g.refuse(attempt, Errors.notPermitted(g.actor, what, "the PLATFORM_ADMIN role"));
    }
  }
}
