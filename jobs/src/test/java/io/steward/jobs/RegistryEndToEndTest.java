package io.steward.jobs;

import static io.steward.jobs.TestData.ts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.jobs.cli.StewardCli;
import io.steward.registry.testing.TestSpark;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The governed registry through the command line, acting as several people: principals, the gates
 * of every stage on HIGH, LOW and CRITICAL models, separation of duties, the override path,
 * refusals recorded, retirement, append-only enforcement, tampering caught by verify-trail, the
 * dossier, the inventory, and two processes racing one transition.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RegistryEndToEndTest {
  @TempDir static Path dir;
  static String wh;
  static String training;

  @BeforeAll
  static void data() throws Exception {
    wh = dir.resolve("wh").toString();
    training = dir.resolve("training").toString();
    String log = dir.resolve("log").toString();
    List<Row> snap = new ArrayList<>();
    for (int i = 1; i <= 50; i++) {
      snap.add(RowFactory.create((double) i, i % 2 == 0 ? "a" : "b", i / 50.0));
    }
    TestData.writeDelta(training, snap, NightlyEndToEndTest.SNAPSHOT, "overwrite");
    TestData.writeDelta(
        log,
        List.of(
            NightlyEndToEndTest.logRow(
                "2026-03-02T01:00:00Z", "card_limit", "v1", "p1", 0.4, 3.0, "a")),
        NightlyEndToEndTest.LOG,
        "overwrite");
    Files.writeString(
        dir.resolve("card_limit.yaml"),
        TestData.spec("card_limit", log, training).baselineVersion(0).yaml());
  }

  static Cli.Run ok(String user, String... args) {
    Cli.Run r = Cli.runAs(user, wh, args);
    assertEquals(0, r.code(), user + " " + String.join(" ", args) + "\n" + r);
    return r;
  }

  static Cli.Run refused(String user, String expected, String... args) {
    long before = events();
    Cli.Run r = Cli.runAs(user, wh, args);
    assertEquals(2, r.code(), r.toString());
    assertEquals(1, r.err().lines().count(), r.toString());
    assertEquals("steward: error: " + expected, r.lastErr());
    assertEquals(before + 1, events(), "a refusal adds exactly one event");
    Row last =
        TestSpark.get()
            .sql("SELECT event_type, actor FROM steward.lifecycle_events ORDER BY seq DESC LIMIT 1")
            .first();
    assertEquals("REFUSED", last.getString(0));
    assertEquals(user, last.getString(1));
    return r;
  }

  static long events() {
    return TestSpark.get()
        .sql("SELECT count(*) FROM delta.`" + wh + "/steward/lifecycle_events`")
        .first()
        .getLong(0);
  }

  static String stage(String model) {
    return TestSpark.get()
        .sql("SELECT stage FROM delta.`" + wh + "/steward/models` WHERE model_id = '" + model + "'")
        .first()
        .getString(0);
  }

  @Test
  @Order(1)
  void firstUserIsAdminAndOnlyAdminsGrant() {
    Cli.Run init = ok("admin", "init");
    assertTrue(init.err().contains("admin is the first PLATFORM_ADMIN"), init.err());
    ok("admin", "init");
    refused(
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
      ok("admin", "principal", "grant", "--user", g[0], "--role", g[1]);
    }
    ok("admin", "principal", "revoke", "--user", "tmp", "--role", "APPROVER");
    refused(
        "admin",
        "option --role is 'KING' but must be OWNER, DEVELOPER, VALIDATOR, APPROVER, COMMITTEE or PLATFORM_ADMIN",
        "principal",
        "grant",
        "--user",
        "x",
        "--role",
        "KING");
    refused(
        "admin",
        "refused: revoke the last PLATFORM_ADMIN; missing: another PLATFORM_ADMIN granted first",
        "principal",
        "revoke",
        "--user",
        "admin",
        "--role",
        "PLATFORM_ADMIN");
    Cli.Run denied = Cli.runAs("olivia", wh, "principal", "list");
    assertEquals(2, denied.code());
    assertEquals(
        "steward: error: refused: olivia may not list principals; it needs the PLATFORM_ADMIN role",
        denied.lastErr());
    Cli.Run list = ok("admin", "principal", "list");
    assertTrue(list.out().contains("tmp     APPROVER        false"), list.out());
  }

  @Test
  @Order(2)
  void registerAndRefuseIllegalJumps() {
    ok(
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
    ok(
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
    ok(
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
    refused(
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
    refused(
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
    refused(
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
    refused(
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
    refused(
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
    assertEquals("USE_CASE_APPROVAL", stage("card_limit"));
  }

  @Test
  @Order(3)
  void developmentGateWithApproverAndSeparationOfRoles() {
    refused(
        "olivia",
        "refused: move card_limit from USE_CASE_APPROVAL to DEVELOPMENT; missing: an MDP artifact (steward artifact add --kind MDP); an approval of the DEVELOPMENT gate by an APPROVER (steward model approve --gate DEVELOPMENT)",
        "model",
        "transition",
        "--id",
        "card_limit",
        "--to",
        "DEVELOPMENT",
        "--reason",
        "MDP signed");
    refused(
        "olivia",
        "option --uri is ' ' but must be where the document lives (a URI or path)",
        "artifact",
        "add",
        "--model",
        "card_limit",
        "--kind",
        "MDP",
        "--uri",
        " ");
    ok(
        "olivia",
        "artifact",
        "add",
        "--model",
        "card_limit",
        "--kind",
        "MDP",
        "--uri",
        "s3://docs/card_limit/mdp.pdf");
    refused(
        "olivia",
        "refused: olivia may not approve the DEVELOPMENT gate of card_limit; it needs olivia is not an active APPROVER (a HIGH model's gates are approved by APPROVER)",
        "model",
        "approve",
        "--id",
        "card_limit",
        "--gate",
        "DEVELOPMENT");
    ok(
        "appr",
        "model",
        "approve",
        "--id",
        "card_limit",
        "--gate",
        "DEVELOPMENT",
        "--note",
        "MDP reviewed");
    Cli.Run moved =
        ok(
            "olivia",
            "model",
            "transition",
            "--id",
            "card_limit",
            "--to",
            "DEVELOPMENT",
            "--reason",
            "MDP approved");
    assertEquals("moved card_limit from USE_CASE_APPROVAL to DEVELOPMENT", moved.out().strip());
    assertEquals("DEVELOPMENT", stage("card_limit"));
  }

  @Test
  @Order(4)
  void versionsNeedResolvableLineage() {
    refused(
        "dev",
        "table delta.`"
            + training
            + "` has no Delta version 99 (latest is 0, or it was vacuumed); pin an existing version in --training-version",
        "model",
        "version",
        "add",
        "--id",
        "card_limit",
        "--version",
        "v1",
        "--training-table",
        "delta.`" + training + "`",
        "--training-version",
        "99");
    refused(
        "appr",
        "refused: appr may not add versions of card_limit; it needs the DEVELOPER role or ownership of the model",
        "model",
        "version",
        "add",
        "--id",
        "card_limit",
        "--version",
        "v1",
        "--training-table",
        "delta.`" + training + "`");
    ok(
        "dev",
        "model",
        "version",
        "add",
        "--id",
        "card_limit",
        "--version",
        "v1",
        "--training-table",
        "delta.`" + training + "`",
        "--training-version",
        "0",
        "--param",
        "max_depth=6",
        "--metric",
        "auc=0.81",
        "--run-uri",
        "mlflow://runs/42");
    refused(
        "dev",
        "refused: move card_limit from DEVELOPMENT to VALIDATION; missing: a passing BIAS_TEST artifact for version v1 (--outcome PASS)",
        "model",
        "transition",
        "--id",
        "card_limit",
        "--version",
        "v1",
        "--to",
        "VALIDATION",
        "--reason",
        "candidate ready");
    ok(
        "dev",
        "artifact",
        "add",
        "--model",
        "card_limit",
        "--version",
        "v1",
        "--kind",
        "BIAS_TEST",
        "--uri",
        "s3://docs/bias.html",
        "--outcome",
        "PASS");
    ok(
        "dev",
        "model",
        "transition",
        "--id",
        "card_limit",
        "--version",
        "v1",
        "--to",
        "VALIDATION",
        "--reason",
        "candidate ready");
    assertEquals("VALIDATION", stage("card_limit"));
  }

  @Test
  @Order(5)
  void deploymentNeedsAnIndependentValidatorAndMonitoring() throws Exception {
    refused(
        "dev",
        "refused: dev may not add a validation report; it needs the VALIDATOR role",
        "artifact",
        "add",
        "--model",
        "card_limit",
        "--version",
        "v1",
        "--kind",
        "VALIDATION_REPORT",
        "--uri",
        "s3://v.pdf",
        "--outcome",
        "APPROVED");
    ok(
        "olivia",
        "artifact",
        "add",
        "--model",
        "card_limit",
        "--version",
        "v1",
        "--kind",
        "VALIDATION_REPORT",
        "--uri",
        "s3://self-review.pdf",
        "--outcome",
        "APPROVED");
    refused(
        "olivia",
        "refused: move card_limit from VALIDATION to DEPLOYMENT; missing: independent validation: a HIGH model's validator must be neither its owner (olivia) nor the version's developer (dev); a monitor spec (steward monitor register --spec FILE.yaml); a drift baseline (steward baseline --model card_limit)",
        "model",
        "transition",
        "--id",
        "card_limit",
        "--to",
        "DEPLOYMENT",
        "--reason",
        "validated");
    refused(
        "val",
        "option --note is 'null' but must be the remediation items of a CONDITIONAL approval",
        "artifact",
        "add",
        "--model",
        "card_limit",
        "--version",
        "v1",
        "--kind",
        "VALIDATION_REPORT",
        "--uri",
        "s3://v.pdf",
        "--outcome",
        "CONDITIONAL");
    ok(
        "val",
        "artifact",
        "add",
        "--model",
        "card_limit",
        "--version",
        "v1",
        "--kind",
        "VALIDATION_REPORT",
        "--uri",
        "s3://validation/card_limit_v1.pdf",
        "--outcome",
        "CONDITIONAL",
        "--note",
        "recalibrate thin-file segment within 90 days");
    ok("olivia", "monitor", "register", "--spec", dir.resolve("card_limit.yaml").toString());
    ok("olivia", "baseline", "--model", "card_limit");
    ok(
        "olivia",
        "model",
        "transition",
        "--id",
        "card_limit",
        "--to",
        "DEPLOYMENT",
        "--reason",
        "validated with conditions");
    assertEquals("DEPLOYMENT", stage("card_limit"));
  }

  @Test
  @Order(6)
  void productionBlocksOnShadowEvidenceUnlessTheCommitteeOverrides() {
    ok(
        "olivia",
        "artifact",
        "add",
        "--model",
        "card_limit",
        "--kind",
        "RUNBOOK",
        "--uri",
        "s3://runbooks/card_limit.md");
    ok("appr", "model", "approve", "--id", "card_limit", "--gate", "PRODUCTION");
    refused(
        "olivia",
        "refused: move card_limit from DEPLOYMENT to PRODUCTION; missing: at least 14 days of shadow-mode evidence with no material discrepancy (none recorded yet); a passing alert self-test (none recorded yet)",
        "model",
        "transition",
        "--id",
        "card_limit",
        "--to",
        "PRODUCTION",
        "--reason",
        "go live");
    refused(
        "olivia",
        "refused: olivia may not override a gate; it needs the COMMITTEE or PLATFORM_ADMIN role",
        "model",
        "transition",
        "--id",
        "card_limit",
        "--to",
        "PRODUCTION",
        "--reason",
        "go live",
        "--override");
    Cli.Run r =
        ok(
            "comm",
            "model",
            "transition",
            "--id",
            "card_limit",
            "--to",
            "PRODUCTION",
            "--reason",
            "regulatory deadline; shadow run accepted offline",
            "--override");
    assertTrue(
        r.out().contains("(OVERRIDE; missing: at least 14 days of shadow-mode evidence"), r.out());
    Row m =
        TestSpark.get()
            .sql("SELECT stage, champion_version FROM steward.models WHERE model_id = 'card_limit'")
            .first();
    assertEquals(List.of("PRODUCTION", "v1"), List.of(m.getString(0), m.getString(1)));
    Row e =
        TestSpark.get()
            .sql(
                "SELECT actor, evidence FROM steward.lifecycle_events WHERE event_type = 'OVERRIDDEN'")
            .first();
    assertEquals("comm", e.getString(0));
    assertTrue(e.getString(1).startsWith("gate overridden; missing: "), e.getString(1));
  }

  @Test
  @Order(7)
  void aRetrainMovesAsAVersionWhileTheModelStaysInProduction() {
    ok(
        "dev",
        "model",
        "version",
        "add",
        "--id",
        "card_limit",
        "--version",
        "v2",
        "--training-table",
        "delta.`" + training + "`",
        "--param",
        "max_depth=8",
        "--metric",
        "auc=0.83");
    ok(
        "dev",
        "artifact",
        "add",
        "--model",
        "card_limit",
        "--version",
        "v2",
        "--kind",
        "BIAS_TEST",
        "--uri",
        "s3://docs/bias_v2.html",
        "--outcome",
        "PASS");
    Cli.Run r =
        ok(
            "dev",
            "model",
            "transition",
            "--id",
            "card_limit",
            "--version",
            "v2",
            "--to",
            "VALIDATION",
            "--reason",
            "quarterly retrain");
    assertEquals("moved card_limit version v2 from DEVELOPMENT to VALIDATION", r.out().strip());
    assertEquals("PRODUCTION", stage("card_limit"));
    refused(
        "olivia",
        "refused: move card_limit version v2 from VALIDATION to DEPLOYMENT; missing: a VALIDATION_REPORT for version v2 with outcome APPROVED or CONDITIONAL",
        "model",
        "transition",
        "--id",
        "card_limit",
        "--version",
        "v2",
        "--to",
        "DEPLOYMENT",
        "--reason",
        "retrain validated");
    ok(
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
        "APPROVED");
    ok(
        "olivia",
        "model",
        "transition",
        "--id",
        "card_limit",
        "--version",
        "v2",
        "--to",
        "DEPLOYMENT",
        "--reason",
        "retrain validated");
    ok(
        "comm",
        "model",
        "transition",
        "--id",
        "card_limit",
        "--version",
        "v2",
        "--to",
        "PRODUCTION",
        "--reason",
        "champion swap",
        "--override");
    Row m =
        TestSpark.get()
            .sql("SELECT stage, champion_version FROM steward.models WHERE model_id = 'card_limit'")
            .first();
    assertEquals(List.of("PRODUCTION", "v2"), List.of(m.getString(0), m.getString(1)));
    List<Row> versions =
        TestSpark.get()
            .sql(
                "SELECT version, stage FROM steward.model_versions WHERE model_id = 'card_limit' ORDER BY version")
            .collectAsList();
    assertEquals(
        "v1=RETIRED, v2=PRODUCTION",
        versions.get(0).getString(0)
            + "="
            + versions.get(0).getString(1)
            + ", "
            + versions.get(1).getString(0)
            + "="
            + versions.get(1).getString(1));
  }

  @Test
  @Order(8)
  void lowFastTracksCriticalNeedsCommitteeAndRetirementIsTerminal() {
    ok("olivia", "artifact", "add", "--model", "promo", "--kind", "MDP", "--uri", "s3://mdp.pdf");
    ok("olivia", "model", "approve", "--id", "promo", "--gate", "DEVELOPMENT");
    ok(
        "olivia",
        "model",
        "transition",
        "--id",
        "promo",
        "--to",
        "DEVELOPMENT",
        "--reason",
        "fast track");
    ok("olivia", "artifact", "add", "--model", "pd", "--kind", "MDP", "--uri", "s3://mdp-pd.pdf");
    refused(
        "appr",
        "refused: appr may not approve the DEVELOPMENT gate of pd; it needs appr is not an active COMMITTEE (a CRITICAL model's gates are approved by COMMITTEE)",
        "model",
        "approve",
        "--id",
        "pd",
        "--gate",
        "DEVELOPMENT");
    ok("comm", "model", "approve", "--id", "pd", "--gate", "DEVELOPMENT");
    ok(
        "olivia",
        "model",
        "transition",
        "--id",
        "pd",
        "--to",
        "DEVELOPMENT",
        "--reason",
        "committee approved");
    refused(
        "olivia",
        "refused: move promo from DEVELOPMENT to RETIRED; missing: a RETIREMENT_PLAN artifact with --detail reason=superseded|discontinued|unrecoverable, --detail consumers_notified=true and --detail retention_until=YYYY-MM-DD; an approval of the RETIRED gate by an APPROVER or the owner (fast track) (steward model approve --gate RETIRED)",
        "model",
        "transition",
        "--id",
        "promo",
        "--to",
        "RETIRED",
        "--reason",
        "campaign over");
    ok(
        "olivia",
        "artifact",
        "add",
        "--model",
        "promo",
        "--kind",
        "RETIREMENT_PLAN",
        "--uri",
        "s3://retire.md",
        "--detail",
        "reason=discontinued",
        "--detail",
        "consumers_notified=true",
        "--detail",
        "retention_until=2033-12-31");
    ok("olivia", "model", "approve", "--id", "promo", "--gate", "RETIRED");
    ok(
        "olivia",
        "model",
        "transition",
        "--id",
        "promo",
        "--to",
        "RETIRED",
        "--reason",
        "campaign over");
    refused(
        "olivia",
        "refused: move promo from RETIRED to DEVELOPMENT; missing: RETIRED is terminal",
        "model",
        "transition",
        "--id",
        "promo",
        "--to",
        "DEVELOPMENT",
        "--reason",
        "revive");
  }

  @Test
  @Order(9)
  void registryTablesRefuseSqlWrites() {
    long before = events();
    for (String q :
        List.of(
            "DELETE FROM steward.lifecycle_events",
            "UPDATE steward.models SET stage = 'PRODUCTION'",
            "ALTER TABLE steward.lifecycle_events SET TBLPROPERTIES (delta.appendOnly = false)",
            "INSERT INTO delta.`"
                + wh
                + "/steward/lifecycle_events` SELECT * FROM steward.lifecycle_events",
            "WITH x AS (SELECT * FROM steward.models) INSERT INTO steward.models SELECT * FROM x")) {
      Cli.Run r = Cli.runAs("admin", wh, "sql", q);
      assertEquals(2, r.code(), q + "\n" + r);
      assertTrue(
          r.lastErr()
              .startsWith("steward: error: steward sql does not change registry table steward."),
          r.lastErr());
    }
    assertEquals(before, events());
    assertEquals(
        0, Cli.runAs("admin", wh, "sql", "SELECT count(*) FROM steward.lifecycle_events").code());
    // Delta itself refuses a DELETE even from plain Spark: the table is append-only.
    RuntimeException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            RuntimeException.class,
            () ->
                TestSpark.get()
                    .sql("DELETE FROM delta.`" + wh + "/steward/lifecycle_events` WHERE seq = 1"));
    assertTrue(
        String.valueOf(e.getMessage()).contains("DELTA_CANNOT_MODIFY_APPEND_ONLY"), e.getMessage());
  }

  @Test
  @Order(10)
  void inventoryShowAndDossier() throws Exception {
    Cli.Run csv = ok("val", "model", "list", "--format", "csv");
    List<String> lines = csv.out().lines().toList();
    assertEquals("model_id,name,stage,risk_tier,owner,champion_version,updated_at", lines.get(0));
    assertEquals(4, lines.size(), csv.out());
    assertTrue(
        lines.get(1).startsWith("card_limit,Card limit,PRODUCTION,HIGH,olivia,v2,"), lines.get(1));
    assertTrue(
        lines.get(2).startsWith("pd,Probability of default,DEVELOPMENT,CRITICAL,olivia,,"),
        lines.get(2));
    assertTrue(lines.get(3).startsWith("promo,Promo response,RETIRED,LOW,olivia,,"), lines.get(3));
    assertEquals(
        2,
        ok("val", "model", "list", "--stage", "development", "--format", "csv")
            .out()
            .lines()
            .count());

    Cli.Run json = ok("val", "model", "show", "--id", "card_limit", "--format", "json");
    assertTrue(json.out().contains("\"eventType\":\"OVERRIDDEN\""), json.out());
    Path html = dir.resolve("dossier/card_limit.html");
    ok("val", "model", "dossier", "--id", "card_limit", "--out", html.toString());
    String page = Files.readString(html, StandardCharsets.UTF_8);
    assertTrue(page.contains("<code>delta.`" + training + "`</code> @ 0"), "lineage");
    assertTrue(page.contains("<td>DEVELOPMENT</td><td></td><td>appr</td>"), "approval by appr");
    assertTrue(
        page.contains("recalibrate thin-file segment within 90 days"), "conditional remediation");
    assertTrue(page.contains("class=\"OVERRIDDEN\""), "override in history");
    assertTrue(page.contains("class=\"REFUSED\""), "refusals in history");
  }

  @Test
  @Order(11)
  void twoProcessesRacingOneTransitionOneWins() throws Exception {
    ok(
        "olivia",
        "model",
        "register",
        "--id",
        "race",
        "--name",
        "Race",
        "--owner",
        "olivia",
        "--risk-tier",
        "LOW",
        "--use-case",
        "x",
        "--success-criteria",
        "auc>=0.5");
    ok("olivia", "artifact", "add", "--model", "race", "--kind", "MDP", "--uri", "s3://m");
    ok("olivia", "model", "approve", "--id", "race", "--gate", "DEVELOPMENT");
    List<Process> racers = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      List<String> cmd = new ArrayList<>();
      cmd.add(ProcessHandle.current().info().command().orElse("java"));
      for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
        if (arg.startsWith("--add-opens") || arg.startsWith("-D")) {
          cmd.add(arg);
        }
      }
      cmd.addAll(
          List.of(
              "-cp",
              System.getProperty("java.class.path"),
              StewardCli.class.getName(),
              "model",
              "transition",
              "--id",
              "race",
              "--to",
              "DEVELOPMENT",
              "--reason",
              "racer " + i,
              "--warehouse",
              wh));
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      pb.environment().put("HADOOP_USER_NAME", "olivia");
      racers.add(pb.start());
    }
    List<Integer> codes = new ArrayList<>();
    List<String> outputs = new ArrayList<>();
    for (Process p : racers) {
      outputs.add(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      codes.add(p.waitFor());
    }
    assertEquals(Set.of(0, 2), Set.copyOf(codes), outputs.toString());
    String loser = outputs.get(codes.indexOf(2));
    assertTrue(
        loser.contains("is locked by another steward process")
            || loser.contains("refused: move race from DEVELOPMENT to DEVELOPMENT"),
        loser);
    assertEquals(
        1L,
        TestSpark.get()
            .sql(
                "SELECT count(*) FROM steward.lifecycle_events WHERE model_id = 'race' AND event_type = 'TRANSITIONED'")
            .first()
            .getLong(0));
    assertEquals("DEVELOPMENT", stage("race"));
  }

  @Test
  @Order(12)
  void trailEditedBehindStewardsBackIsCaught() {
    Cli.Run intact = ok("val", "model", "verify-trail");
    assertTrue(intact.out().startsWith("trail intact: "), intact.out());
    String path = wh + "/steward/lifecycle_events";
    long seq =
        TestSpark.get()
            .sql("SELECT seq FROM delta.`" + path + "` WHERE event_type = 'OVERRIDDEN'")
            .first()
            .getLong(0);
    TestSpark.get()
        .sql("ALTER TABLE delta.`" + path + "` SET TBLPROPERTIES (delta.appendOnly = false)");
    TestSpark.get().sql("UPDATE delta.`" + path + "` SET actor = 'olivia' WHERE seq = " + seq);
    Cli.Run broken = Cli.runAs("val", wh, "model", "verify-trail");
    assertEquals(1, broken.code(), broken.toString());
    assertTrue(
        broken.lastErr().startsWith("steward: trail broken: event #" + seq + " ("),
        broken.lastErr());
    assertTrue(
        broken
            .lastErr()
            .endsWith(
                "OVERRIDDEN by olivia) was altered out of band: its hash does not match its fields"),
        broken.lastErr());
    assertTrue(ts("2026-01-01T00:00:00Z") != null);
  }
}
