package io.steward.jobs.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registering models, and the transitions refused before any gate: unknown models and stages,
 * jumps.
 */
class RegistrationTest {
  @TempDir static Path dir;
  static RegistryFixture f;

  @BeforeAll
  static void warehouse() {
    f = RegistryFixture.withCast(dir);
  }

  @Test
  void registerAndRefuseIllegalJumps() {
    f.ok(
        "olivia",
        "model",
        "register",
        "--id",
        "card_limit",
        "--name",
        "Card limit",
        "--owner",
        "olivia",
        "--risk-tier",
        "HIGH",
        "--use-case",
        "Set credit card limits",
        "--success-criteria",
        "auc>=0.75",
        "--regulation",
        "SR 11-7",
        "--data-source",
        "bureau");
    f.ok(
        "olivia",
        "model",
        "register",
        "--id",
        "promo",
        "--name",
        "Promo response",
        "--owner",
        "olivia",
        "--risk-tier",
        "LOW",
        "--use-case",
        "Marketing",
        "--success-criteria",
        "auc>=0.6");
    f.ok(
        "olivia",
        "model",
        "register",
        "--id",
        "pd",
        "--name",
        "Probability of default",
        "--owner",
        "olivia",
        "--risk-tier",
        "CRITICAL",
        "--use-case",
        "Capital",
        "--success-criteria",
        "auc>=0.7");
    f.refused(
        "nobody",
        "refused: nobody may not register models; it needs an active role",
        "model",
        "register",
        "--id",
        "x",
        "--name",
        "x",
        "--owner",
        "x",
        "--risk-tier",
        "LOW",
        "--use-case",
        "x",
        "--success-criteria",
        "auc>=0.5");
    f.refused(
        "olivia",
        "model 'card_limit' already exists; add a version with: steward model version add --id card_limit",
        "model",
        "register",
        "--id",
        "card_limit",
        "--name",
        "x",
        "--owner",
        "x",
        "--risk-tier",
        "LOW",
        "--use-case",
        "x",
        "--success-criteria",
        "auc>=0.5");
    f.refused(
        "olivia",
        "refused: move card_limit from USE_CASE_APPROVAL to PRODUCTION; missing: the lifecycle does not go from USE_CASE_APPROVAL to PRODUCTION (next is DEVELOPMENT, or RETIRED)",
        "model",
        "transition",
        "--id",
        "card_limit",
        "--to",
        "PRODUCTION",
        "--reason",
        "skip ahead");
    f.refused(
        "olivia",
        "option --to is 'LIVE' but must be one of USE_CASE_APPROVAL, DEVELOPMENT, VALIDATION, DEPLOYMENT, PRODUCTION, RETIRED",
        "model",
        "transition",
        "--id",
        "card_limit",
        "--to",
        "LIVE",
        "--reason",
        "x");
    f.refused(
        "olivia",
        "model 'nope' is not in the registry (known: card_limit, pd, promo); register it with: steward model register --id nope ...",
        "model",
        "transition",
        "--id",
        "nope",
        "--to",
        "DEVELOPMENT",
        "--reason",
        "x");
    assertEquals("USE_CASE_APPROVAL", f.stage("card_limit"));
  }
}
