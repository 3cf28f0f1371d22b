package io.steward.jobs.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.jobs.Cli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inventory, a model's history as JSON and its dossier, read from a small portfolio. */
class InventoryAndDossierTest {
  @TempDir static Path dir;
  static RegistryFixture f;

  /**
   * card_limit (HIGH) in production with version v2 trained on the snapshot at version 0, its
   * DEVELOPMENT gate approved by appr, a refusal, overrides and a CONDITIONAL validation; pd
   * (CRITICAL) in development; promo (LOW) retired.
   */
  @BeforeAll
  static void portfolio() {
    f = RegistryFixture.withCast(dir);
    f.register("card_limit", "Card limit", "HIGH");
    f.ok("appr", "model", "approve", "--id", "card_limit", "--gate", "DEVELOPMENT");
    f.refused(
        "olivia",
        "refused: move card_limit from USE_CASE_APPROVAL to DEVELOPMENT; missing: an MDP artifact"
            + " (steward artifact add --kind MDP)",
        "model",
        "transition",
        "--id",
        "card_limit",
        "--to",
        "DEVELOPMENT",
        "--reason",
        "approved");
    f.override("card_limit", null, "DEVELOPMENT");
    f.addVersion("card_limit", "v2");
    f.override("card_limit", "v2", "VALIDATION");
    f.ok(
        "val",
        "artifact",
        "add",
        "--model",
        "card_limit",
        "--version",
        "v2",
        "--kind",
        "VALIDATION_REPORT",
        "--uri",
        "s3://validation/card_limit_v2.pdf",
        "--outcome",
        "CONDITIONAL",
        "--note",
        "recalibrate thin-file segment within 90 days");
    f.override("card_limit", null, "DEPLOYMENT");
    f.override("card_limit", null, "PRODUCTION");
    f.register("pd", "Probability of default", "CRITICAL");
    f.override("pd", null, "DEVELOPMENT");
    f.register("promo", "Promo response", "LOW");
    f.override("promo", null, "RETIRED");
  }

  @Test
  void inventoryListsEveryModel() {
    Cli.Run csv = f.ok("val", "model", "list", "--format", "csv");
    List<String> lines = csv.out().lines().toList();
    assertEquals(
        "model_id,name,stage,risk_tier,owner,champion_version,updated_at,open_triggers,open_alerts",
        lines.get(0));
    assertEquals(4, lines.size(), csv.out());
    assertTrue(
        lines.get(1).startsWith("card_limit,Card limit,PRODUCTION,HIGH,olivia,v2,"), lines.get(1));
    assertTrue(
        lines.get(2).startsWith("pd,Probability of default,DEVELOPMENT,CRITICAL,olivia,,"),
        lines.get(2));
    assertTrue(lines.get(3).startsWith("promo,Promo response,RETIRED,LOW,olivia,,"), lines.get(3));
    assertEquals(
        2,
        f.ok("val", "model", "list", "--stage", "development", "--format", "csv")
            .out()
            .lines()
            .count());
  }

  @Test
  void showAndDossierTellTheHistory() throws Exception {
    Cli.Run json = f.ok("val", "model", "show", "--id", "card_limit", "--format", "json");
    assertTrue(json.out().contains("\"eventType\":\"OVERRIDDEN\""), json.out());
    Path html = f.dir.resolve("dossier/card_limit.html");
    f.ok("val", "model", "dossier", "--id", "card_limit", "--out", html.toString());
    String page = Files.readString(html, StandardCharsets.UTF_8);
    assertTrue(page.contains("<code>delta.`" + f.training + "`</code> @ 0"), "lineage");
    assertTrue(page.contains("<td>DEVELOPMENT</td><td></td><td>appr</td>"), "approval by appr");
    assertTrue(
        page.contains("recalibrate thin-file segment within 90 days"), "conditional remediation");
    assertTrue(page.contains("class=\"OVERRIDDEN\""), "override in history");
    assertTrue(page.contains("class=\"REFUSED\""), "refusals in history");
  }
}
