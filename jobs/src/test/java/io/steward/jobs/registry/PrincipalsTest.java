package io.steward.jobs.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.jobs.Cli;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Principals through the command line: the first user is the admin, and only admins grant. */
class PrincipalsTest {
  @TempDir Path dir;

  @Test
  void firstUserIsAdminAndOnlyAdminsGrant() {
    RegistryFixture f = RegistryFixture.empty(dir);
    Cli.Run init = f.ok("admin", "init");
    assertTrue(init.out().contains("applied migration 1"), init.out());
    assertTrue(init.err().contains("admin is the first PLATFORM_ADMIN"), init.err());
    Cli.Run again = f.ok("admin", "init");
    assertTrue(again.out().contains("(already current)"), again.out());
    f.refused(
        "olivia",
        "refused: olivia may not grant roles; it needs the PLATFORM_ADMIN role",
        "principal",
        "grant",
        "--user",
        "olivia",
        "--role",
        "OWNER");
    for (String[] g :
        new String[][] {
          {"olivia", "OWNER"},
          {"olivia", "VALIDATOR"},
          {"dev", "DEVELOPER"},
          {"val", "VALIDATOR"},
          {"appr", "APPROVER"},
          {"comm", "COMMITTEE"},
          {"tmp", "APPROVER"}
        }) {
      f.ok("admin", "principal", "grant", "--user", g[0], "--role", g[1]);
    }
    f.ok("admin", "principal", "revoke", "--user", "tmp", "--role", "APPROVER");
    f.refused(
        "admin",
        "option --role is 'KING' but must be OWNER, DEVELOPER, VALIDATOR, APPROVER, COMMITTEE or PLATFORM_ADMIN",
        "principal",
        "grant",
        "--user",
        "x",
        "--role",
        "KING");
    f.refused(
        "admin",
        "refused: revoke the last PLATFORM_ADMIN; missing: another PLATFORM_ADMIN granted first",
        "principal",
        "revoke",
        "--user",
        "admin",
        "--role",
        "PLATFORM_ADMIN");
    Cli.Run denied = Cli.runAs("olivia", f.wh, "principal", "list");
    assertEquals(2, denied.code());
    assertEquals(
        "steward: error: refused: olivia may not list principals; it needs the PLATFORM_ADMIN role",
        denied.lastErr());
    Cli.Run list = f.ok("admin", "principal", "list");
    assertTrue(list.out().contains("tmp     APPROVER        false"), list.out());
  }
}
