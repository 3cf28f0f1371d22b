package io.steward.jobs.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.steward.common.domain.Granularity;
import io.steward.common.spec.MonitorSpecParser;
import io.steward.jobs.Cli;
import io.steward.jobs.TestData;
import io.steward.registry.store.JobRun;
import io.steward.registry.store.JobRunStore;
import io.steward.registry.store.MonitorStore;
import io.steward.registry.store.Registry;
import io.steward.registry.store.RegistryRecords;
import io.steward.registry.testing.TestSpark;
import io.steward.registry.warehouse.Warehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code steward audit} end to end on one warehouse holding every zombie reason and both kinds of
 * unregistered traffic. The registry is set up through its store (the gates are tested elsewhere);
 * the audits, the fix, the dismissal and the bad input run through the command line, in order, each
 * step asserting on what the one before left.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditTest {
  @TempDir static Path dir;
  private static RegistryFixture f;
  private static String logs;
  private static String sideLog;

  private static final String AS_OF = "2026-03-07";

  @BeforeAll
  static void warehouse() throws IOException {
    f = RegistryFixture.withCast(dir);
    logs = dir.resolve("logs").toString();
    sideLog = dir.resolve("side_log").toString();
    String goneTraining = dir.resolve("gone_training").toString();
    TestData.writeDelta(
        goneTraining, List.of(RowFactory.create(1.0, "a", 0.5)), TestData.SNAPSHOT, "overwrite");
    List<Row> rows = new ArrayList<>();
    String[][] traffic = {
      {"credit_limit", "v1"},
      {"credit_limit", "v2"},
      {"ghost", "v1"},
      {"zombie_a", "v1"},
      {"retired_model", "v1"},
      {"early_model", "v1"}
    };
    int n = 0;
    for (String[] t : traffic) {
      for (String at : List.of("2026-03-05T10:00:00Z", "2026-03-06T11:00:00Z")) {
        rows.add(TestData.logRow(at, t[0], t[1], "p" + n++, 0.4, 3.0, "a"));
      }
    }
    rows.add(TestData.logRow("2026-02-01T10:00:00Z", "old_ghost", "v1", "p" + n++, 0.4, 3.0, "a"));
    TestData.writeDelta(logs, rows, TestData.LOG, "overwrite");
    TestData.writeDelta(
        sideLog,
        List.of(TestData.logRow("2026-03-06T09:00:00Z", "side_model", "v7", "s1", 0.9, 1.0, "b")),
        TestData.LOG,
        "overwrite");

    Warehouse w = new Warehouse(f.wh);
    Registry r = new Registry(TestSpark.get(), w);
    Instant now = Instant.now();
    String training = "delta.`" + f.training + "`";
    model(r, "credit_limit", "olivia", "CRITICAL", "PRODUCTION", "v1", now);
    version(r, "credit_limit", "v1", "PRODUCTION", training, now);
    artifact(r, "credit_limit", "v1", Map.of(), now);
    model(r, "zombie_a", "leaver", "HIGH", "PRODUCTION", "v1", now);
    version(r, "zombie_a", "v1", "PRODUCTION", "delta.`" + goneTraining + "`", now);
    artifact(r, "zombie_a", "v1", Map.of("validated_on", "2024-06-01"), now);
    r.writeUnrecorded(
        r.grantRow(
            new RegistryRecords.Grant("leaver", "OWNER", false, "admin", now, "admin", now)));
    model(r, "retired_model", "departed", "LOW", "RETIRED", "v1", now);
    version(r, "retired_model", "v1", "PRODUCTION", training, now);
    model(r, "early_model", "olivia", "MEDIUM", "USE_CASE_APPROVAL", null, now);
    version(r, "early_model", "v1", "DEVELOPMENT", training, now);
    for (String id : List.of("credit_limit", "early_model")) {
      MonitorStore.register(
          TestSpark.get(),
          w,
          MonitorSpecParser.parse(
              id + ".yaml", TestData.spec(id, logs, f.training).baselineVersion(0).yaml()),
          id + ".yaml",
          "olivia");
    }
    JobRun night =
        JobRun.builder("night-0306", "nightly", now)
            .models(List.of("credit_limit"))
            .window(
                Granularity.DAY,
                Instant.parse("2026-03-06T00:00:00Z"),
                Instant.parse("2026-03-07T00:00:00Z"))
            .ranBy("svc_nightly", "host", "test")
            .build();
    JobRunStore.start(TestSpark.get(), w, night);
    JobRunStore.finish(TestSpark.get(), w, night.succeeded(List.of(), 2L, "ok", List.of(), now));
    try (Stream<Path> files = Files.walk(Path.of(goneTraining))) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static void model(
      Registry r, String id, String owner, String tier, String stage, String champion, Instant at) {
    r.writeUnrecorded(
        r.modelRow(
            new RegistryRecords.Model(
                id,
                id,
                "x",
                "auc>=0.75",
                List.of(),
                owner,
                tier,
                List.of(),
                stage,
                champion,
                at,
                owner,
                at,
                owner)));
  }

  private static void version(
      Registry r, String id, String v, String stage, String training, Instant at) {
    r.writeUnrecorded(
        r.versionRow(
            new RegistryRecords.Version(
                id,
                v,
                stage,
                training,
                0L,
                Map.of("max_depth", "6"),
                Map.of("auc", 0.81),
                null,
                "dev",
                null,
                null,
                null,
                at,
                at)));
  }

  private static void artifact(
      Registry r, String id, String v, Map<String, String> details, Instant at) {
    r.writeUnrecorded(
        r.artifactRow(
            new RegistryRecords.Artifact(
                id + "-validation",
                id,
                v,
                "VALIDATION_REPORT",
                "file:///v.pdf",
                "APPROVED",
                null,
                details,
                "val",
                at)));
  }

  private static List<String> triggers(String where) {
    return TestSpark.get()
        .sql(
            "SELECT concat_ws(' ', model_id, coalesce(model_version, '-'), kind, reason, status)"
                + " FROM delta.`"
                + f.wh
                + "/steward/triggers` WHERE "
                + where
                + " ORDER BY 1")
        .collectAsList()
        .stream()
        .map(x -> x.getString(0))
        .toList();
  }

  private static long count(String table) {
    return TestSpark.get()
        .sql("SELECT count(*) FROM delta.`" + f.wh + "/steward/" + table + "`")
        .first()
        .getLong(0);
  }

  private static Cli.Run audit(int expected, String... more) {
    return auditAsOf(expected, AS_OF, more);
  }

  private static Cli.Run auditAsOf(int expected, String day, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of("audit", "--as-of", day, "--scan-table", "delta.`" + sideLog + "`"));
    args.addAll(List.of(more));
    Cli.Run r = Cli.runAs("svc_audit", f.wh, args.toArray(String[]::new));
    assertEquals(expected, r.code(), r.toString());
    return r;
  }

  @Test
  @Order(1)
  void firstAuditRaisesEveryZombieReasonAndTheUnregisteredTraffic() {
    Cli.Run r = audit(3);
    assertEquals(
        List.of(
            "credit_limit v2 UNREGISTERED UNKNOWN_VERSION OPEN",
            "credit_limit v2 ZOMBIE VALIDATION_STALE OPEN",
            "early_model v1 ZOMBIE DECIDING_BEFORE_PRODUCTION OPEN",
            "early_model v1 ZOMBIE NO_RECENT_MONITORING_RUN OPEN",
            "early_model v1 ZOMBIE VALIDATION_STALE OPEN",
            "ghost v1 UNREGISTERED UNKNOWN_MODEL OPEN",
            "retired_model v1 ZOMBIE DECIDING_WHILE_RETIRED OPEN",
            "retired_model v1 ZOMBIE NO_MONITOR OPEN",
            "retired_model v1 ZOMBIE NO_OWNER OPEN",
            "retired_model v1 ZOMBIE VALIDATION_STALE OPEN",
            "side_model v7 UNREGISTERED UNKNOWN_MODEL OPEN",
            "zombie_a v1 ZOMBIE INACTIVE_OWNER OPEN",
            "zombie_a v1 ZOMBIE LINEAGE_MISSING OPEN",
            "zombie_a v1 ZOMBIE NO_MONITOR OPEN",
            "zombie_a v1 ZOMBIE VALIDATION_STALE OPEN"),
        triggers("true"),
        r.out());
    Row lineage =
        TestSpark.get()
            .sql(
                "SELECT evidence, owner, due_date, raised_by FROM delta.`"
                    + f.wh
                    + "/steward/triggers` WHERE reason = 'LINEAGE_MISSING'")
            .first();
    assertTrue(
        lineage.getString(0).startsWith("training table delta.`" + dir.resolve("gone_training")),
        lineage.getString(0));
    assertTrue(
        lineage
            .getString(0)
            .endsWith("2 rows in delta.`" + logs + "`, last at 2026-03-06T11:00:00Z"),
        lineage.getString(0));
    assertEquals("leaver", lineage.getString(1));
    assertEquals("2026-03-21", lineage.get(2).toString(), "HIGH: 14 days");
    assertEquals("svc_audit", lineage.getString(3));
    assertEquals(
        "2024-06-01",
        TestSpark.get()
            .sql(
                "SELECT evidence FROM delta.`"
                    + f.wh
                    + "/steward/triggers` WHERE model_id = 'zombie_a' AND reason = 'VALIDATION_STALE'")
            .first()
            .getString(0)
            .substring(10, 20));
    assertEquals(
        15L,
        TestSpark.get()
            .sql(
                "SELECT count(*) FROM delta.`"
                    + f.wh
                    + "/steward/lifecycle_events` WHERE event_type = 'TRIGGER_RAISED' AND actor = 'svc_audit'")
            .first()
            .getLong(0));
    String out = r.out();
    assertEquals(
        "trail intact: " + (f.events() - 15) + " events, hash chain verified",
        out.lines().skip(1).findFirst().orElse(""));
    assertTrue(
        out.contains(
            "zombie_a       v1       INACTIVE_OWNER, LINEAGE_MISSING, NO_MONITOR, VALIDATION_STALE"),
        out);
    assertTrue(out.contains("maturity: level 1 of 3 (MANUAL)"), out);
    assertTrue(out.contains("inventory         REPEATABLE  4    7   0.57"), out);
    assertEquals(
        "audit 2026-03-07: raised 15 (unowned: 2, for departed: 4, for leaver: 4, for olivia: 5), escalated 0,"
            + " actioned 0; 15 open; maturity level 1 (MANUAL)",
        r.out().lines().reduce((a, b) -> b).orElse(""));
    assertTrue(r.err().contains(" rows of "), r.err());
    assertTrue(!triggers("true").contains("old_ghost"), "outside the window");
  }

  @Test
  @Order(2)
  void aRerunRaisesNothingAndPrintsOneJsonDocument() throws IOException {
    long events = f.events();
    Cli.Run r = audit(0, "--format", "json");
    assertEquals(15, triggers("true").size(), "no duplicates");
    assertEquals(events, f.events(), "no events");
    JsonNode doc = new ObjectMapper().readTree(r.out());
    assertEquals(1, r.out().lines().count(), r.out());
    assertEquals(0, doc.get("raised").size());
    assertEquals(1, doc.get("maturity").get("level").asInt());
    assertEquals("coverage", doc.get("maturity").get("subScores").get(1).get("name").asText());
    assertEquals(1, doc.get("maturity").get("subScores").get(1).get("met").asInt());
    assertEquals(4, doc.get("maturity").get("subScores").get(1).get("of").asInt());
    assertEquals(5, doc.get("openTriggers").get("olivia").size());
    assertTrue(r.err().contains("audit 2026-03-07: raised 0, escalated 0, actioned 0"), r.err());
  }

  @Test
  @Order(2)
  void theRegistryShowsOpenTriggers() throws IOException {
    Cli.Run show = f.ok("olivia", "model", "show", "--id", "zombie_a");
    assertTrue(show.out().contains("open triggers: 4\n"), show.out());
    assertTrue(show.out().contains(" ZOMBIE  LINEAGE_MISSING "), show.out());
    List<String> list = f.ok("olivia", "model", "list", "--format", "csv").out().lines().toList();
    assertTrue(list.get(0).endsWith(",updated_at,open_triggers,open_alerts"), list.get(0));
    assertTrue(
        list.stream()
            .anyMatch(
                l ->
                    l.startsWith("zombie_a,zombie_a,PRODUCTION,HIGH,leaver,v1,")
                        && l.endsWith(",4,0")),
        list.toString());
    assertTrue(
        list.stream().anyMatch(l -> l.startsWith("credit_limit,") && l.endsWith(",2,0")),
        list.toString());
    Path html = dir.resolve("zombie_a.html");
    f.ok("olivia", "model", "dossier", "--id", "zombie_a", "--out", html.toString());
    String page = Files.readString(html);
    assertTrue(page.contains("<h2>Open triggers</h2>"), page);
    assertTrue(page.contains("<td>VALIDATION_STALE</td><td>leaver</td>"), page);
  }

  @Test
  @Order(3)
  void whatNoLongerHoldsIsActionedAtTheNextAudit() {
    f.ok("admin", "principal", "grant", "--user", "leaver", "--role", "OWNER");
    Cli.Run r = audit(0);
    assertEquals(
        List.of("zombie_a v1 ZOMBIE INACTIVE_OWNER ACTIONED"), triggers("status = 'ACTIONED'"));
    Row closed =
        TestSpark.get()
            .sql(
                "SELECT closed_by, close_reason FROM delta.`"
                    + f.wh
                    + "/steward/triggers` WHERE status = 'ACTIONED'")
            .first();
    assertEquals("svc_audit", closed.getString(0));
    assertEquals("owner active again", closed.getString(1));
    Row event =
        TestSpark.get()
            .sql(
                "SELECT actor, model_id, reason FROM delta.`"
                    + f.wh
                    + "/steward/lifecycle_events` WHERE event_type = 'TRIGGER_ACTIONED'")
            .first();
    assertEquals("svc_audit", event.getString(0));
    assertEquals("zombie_a", event.getString(1));
    assertTrue(event.getString(2).endsWith(" ZOMBIE INACTIVE_OWNER"), event.getString(2));
    assertTrue(r.out().contains("actioned by this audit"), r.out());
  }

  @Test
  @Order(4)
  void aPersonDismissesWithAReasonAndTheAuditDoesNotRaiseItAgain() {
    String ghost =
        TestSpark.get()
            .sql(
                "SELECT trigger_id FROM delta.`"
                    + f.wh
                    + "/steward/triggers` WHERE model_id = 'ghost'")
            .first()
            .getString(0);
    f.refused(
        "dev",
        "refused: dev may not dismiss trigger "
            + ghost
            + "; it needs to own model ghost, or the VALIDATOR or PLATFORM_ADMIN role",
        "trigger",
        "dismiss",
        "--id",
        ghost,
        "--reason",
        "test traffic");
    Cli.Run ok =
        f.ok(
            "val",
            "trigger",
            "dismiss",
            "--id",
            ghost,
            "--reason",
            "load-test traffic, not a model");
    assertEquals("dismissed " + ghost + " (UNREGISTERED UNKNOWN_MODEL of ghost)\n", ok.out());
    Row event =
        TestSpark.get()
            .sql(
                "SELECT actor, reason FROM delta.`"
                    + f.wh
                    + "/steward/lifecycle_events` WHERE event_type = 'TRIGGER_DISMISSED'")
            .first();
    assertEquals("val", event.getString(0));
    assertEquals(ghost + ": load-test traffic, not a model", event.getString(1));
    audit(0);
    assertEquals(
        List.of("ghost v1 UNREGISTERED UNKNOWN_MODEL DISMISSED"), triggers("model_id = 'ghost'"));
    Cli.Run list =
        f.ok(
            "olivia",
            "trigger",
            "list",
            "--status",
            "OPEN",
            "--kind",
            "zombie",
            "--owner",
            "olivia",
            "--format",
            "csv");
    List<String> lines = list.out().lines().toList();
    assertEquals(5, lines.size(), list.out());
    assertTrue(
        lines.get(0).startsWith("trigger_id,model_id,model_version,kind,reason,status"),
        lines.get(0));
    assertTrue(
        lines.stream().filter(l -> l.contains(",early_model,v1,ZOMBIE,")).count() == 3
            && lines.stream()
                .anyMatch(l -> l.contains(",credit_limit,v2,ZOMBIE,VALIDATION_STALE,")),
        list.out());
  }

  @Test
  @Order(5)
  void anOpenTriggerPastItsDueDateIsEscalated() {
    Cli.Run r = auditAsOf(3, "2026-03-15", "--lookback-days", "15");
    assertEquals(
        List.of(
            "credit_limit v2 UNREGISTERED UNKNOWN_VERSION OPEN",
            "credit_limit v2 ZOMBIE VALIDATION_STALE OPEN",
            "side_model v7 UNREGISTERED UNKNOWN_MODEL OPEN"),
        triggers("escalated"));
    assertEquals(
        List.of(
            "credit_limit v1 ZOMBIE NO_RECENT_MONITORING_RUN OPEN",
            "credit_limit v2 ZOMBIE NO_RECENT_MONITORING_RUN OPEN",
            "credit_limit v2 ZOMBIE VALIDATION_STALE OPEN"),
        triggers("model_id = 'credit_limit' AND kind = 'ZOMBIE'"));
    assertTrue(r.out().contains("escalated (open past due): 3"), r.out());
  }

  @Test
  @Order(6)
  void badInputIsOneLineAndChangesNothing() {
    long triggers = count("triggers");
    long runs = count("job_runs");
    long events = f.events();
    Cli.Run date = Cli.runAs("svc_audit", f.wh, "audit", "--as-of", "yesterday");
    assertEquals(2, date.code(), date.toString());
    assertEquals(
        "steward: error: option --as-of is 'yesterday' but must be a date written YYYY-MM-DD",
        date.err().strip());
    String missing = "delta.`" + dir.resolve("no_such_log") + "`";
    Cli.Run table =
        Cli.runAs("svc_audit", f.wh, "audit", "--as-of", AS_OF, "--scan-table", missing);
    assertEquals(2, table.code(), table.toString());
    assertEquals(1, table.err().lines().count(), table.toString());
    assertTrue(
        table
            .lastErr()
            .startsWith(
                "steward: error: table " + missing + " named by --scan-table cannot be read ("),
        table.lastErr());
    Cli.Run lookback = Cli.runAs("svc_audit", f.wh, "audit", "--lookback-days", "0");
    assertEquals(2, lookback.code(), lookback.toString());
    assertEquals(
        "steward: error: option --lookback-days is '0' but must be a whole number of days, 1 or more",
        lookback.err().strip());
    assertEquals(triggers, count("triggers"));
    assertEquals(runs, count("job_runs"));
    assertEquals(events, f.events());
  }
}
