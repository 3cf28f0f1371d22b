package io.steward.jobs.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.steward.jobs.Cli;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The early gates of a HIGH model, each test on its own model: into DEVELOPMENT (an MDP and an
 * APPROVER's approval, separation of roles) and into VALIDATION (resolvable lineage, a passing bias
 * test).
 */
class DevelopmentGatesTest {
  @TempDir static Path dir;
  static RegistryFixture f;

  @BeforeAll
  static void warehouse() {
    f = RegistryFixture.withCast(dir);
  }

  @Test
  void developmentGateWithApproverAndSeparationOfRoles() {
    f.register("card_dev", "Card limit", "HIGH");
    f.refused(
        "olivia",
        "refused: move card_dev from USE_CASE_APPROVAL to DEVELOPMENT; missing: an MDP artifact (steward artifact add --kind MDP); an approval of the DEVELOPMENT gate by an APPROVER (steward model approve --gate DEVELOPMENT)",
        "model",
        "transition",
        "--id",
        "card_dev",
        "--to",
        "DEVELOPMENT",
        "--reason",
        "MDP signed");
    f.refused(
        "olivia",
        "option --uri is ' ' but must be where the document lives (a URI or path)",
        "artifact",
        "add",
        "--model",
        "card_dev",
        "--kind",
        "MDP",
        "--uri",
        " ");
    f.ok(
        "olivia",
        "artifact",
        "add",
        "--model",
        "card_dev",
        "--kind",
        "MDP",
        "--uri",
        "s3://docs/card_dev/mdp.pdf");
    f.refused(
        "olivia",
        "refused: olivia may not approve the DEVELOPMENT gate of card_dev; it needs olivia is not an active APPROVER (a HIGH model's gates are approved by APPROVER)",
        "model",
        "approve",
        "--id",
        "card_dev",
        "--gate",
        "DEVELOPMENT");
    f.ok(
        "appr",
        "model",
        "approve",
        "--id",
        "card_dev",
        "--gate",
        "DEVELOPMENT",
        "--note",
        "MDP reviewed");
    Cli.Run moved =
        f.ok(
            "olivia",
            "model",
            "transition",
            "--id",
            "card_dev",
            "--to",
            "DEVELOPMENT",
            "--reason",
            "MDP approved");
    assertEquals("moved card_dev from USE_CASE_APPROVAL to DEVELOPMENT", moved.out().strip());
    assertEquals("DEVELOPMENT", f.stage("card_dev"));
  }

  @Test
  void versionsNeedResolvableLineage() {
    f.register("card_lineage", "Card limit", "HIGH");
    f.override("card_lineage", null, "DEVELOPMENT");
    f.refused(
        "dev",
        "table delta.`"
            + f.training
            + "` has no Delta version 99 (latest is 0, or it was vacuumed); pin an existing version in --training-version",
        "model",
        "version",
        "add",
        "--id",
        "card_lineage",
        "--version",
        "v1",
        "--training-table",
        "delta.`" + f.training + "`",
        "--training-version",
        "99");
    f.refused(
        "appr",
        "refused: appr may not add versions of card_lineage; it needs the DEVELOPER role or ownership of the model",
        "model",
        "version",
        "add",
        "--id",
        "card_lineage",
        "--version",
        "v1",
        "--training-table",
        "delta.`" + f.training + "`");
    f.ok(
        "dev",
        "model",
        "version",
        "add",
        "--id",
        "card_lineage",
        "--version",
        "v1",
        "--training-table",
        "delta.`" + f.training + "`",
        "--training-version",
        "0",
        "--param",
        "max_depth=6",
        "--metric",
        "auc=0.81",
        "--run-uri",
        "mlflow://runs/42");
    f.refused(
        "dev",
        "refused: move card_lineage from DEVELOPMENT to VALIDATION; missing: a passing BIAS_TEST artifact for version v1 (--outcome PASS)",
        "model",
        "transition",
        "--id",
        "card_lineage",
        "--version",
        "v1",
        "--to",
        "VALIDATION",
        "--reason",
        "candidate ready");
    f.ok(
        "dev",
        "artifact",
        "add",
        "--model",
        "card_lineage",
        "--version",
        "v1",
        "--kind",
        "BIAS_TEST",
        "--uri",
        "s3://docs/bias.html",
        "--outcome",
        "PASS");
    f.ok(
        "dev",
        "model",
        "transition",
        "--id",
        "card_lineage",
        "--version",
        "v1",
        "--to",
        "VALIDATION",
        "--reason",
        "candidate ready");
    assertEquals("VALIDATION", f.stage("card_lineage"));
  }
}
