package io.steward.jobs.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.steward.jobs.Cli;
import io.steward.jobs.TestData;
import io.steward.registry.testing.TestSpark;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * An alert from first breach to resolution through the command line, with {@code
 * consecutive_windows: 2}: feature {@code x} of model {@code m1} drifts on 2026-03-02 and 03-03
 * (every value 5.0 against a baseline of 1..100: PSI far above 0.25) and is back to the baseline's
 * values on 03-04 and 03-05 (PSI 0). Night 1 raises nothing, night 2 opens the alert (exit 3), a
 * rerun and an overlapping backfill leave the one row, a stranger's ack is refused, the owner's is
 * recorded, and two clean nights resolve it. The model's version v1 is registered, so the drift
 * also raises a RETRAIN trigger; the policy routes olivia's notifications to a webhook on loopback
 * that the test runs. Steps build on each other, so they run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertsEndToEndTest {
  @TempDir static Path dir;
  static RegistryFixture f;
  static String log;
  static String snapshot;
  static Path spec;
  static String alertId;
  static HttpServer webhook;
  static final List<String> posted = new CopyOnWriteArrayList<>();

  @AfterAll
  static void stopWebhook() {
    webhook.stop(0);
  }

  @BeforeAll
  static void warehouse() throws IOException {
    f = RegistryFixture.withCast(dir);
    log = dir.resolve("alert_log").toString();
    snapshot = dir.resolve("alert_snapshot").toString();
    List<Row> snap = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      snap.add(RowFactory.create((double) i, region(i), i / 100.0));
    }
    TestData.writeDelta(snapshot, snap, TestData.SNAPSHOT, "overwrite");
    List<Row> rows = new ArrayList<>();
    Map<String, Boolean> nights =
        Map.of("2026-03-02", true, "2026-03-03", true, "2026-03-04", false, "2026-03-05", false);
    nights.forEach(
        (night, drifted) -> {
          for (int i = 1; i <= 100; i++) {
            String at = night + String.format("T%02d:%02d:00Z", i / 10, (i % 10) * 5);
            rows.add(
                TestData.logRow(
                    at, "m1", "v1", night + "-" + i, i / 100.0, drifted ? 5.0 : i, region(i)));
          }
        });
    TestData.writeDelta(log, rows, TestData.LOG, "overwrite");
    spec = dir.resolve("m1.yaml");
    Files.writeString(
        spec,
        TestData.spec("m1", log, snapshot)
            .baselineVersion(0)
            .set("thresholds", "{consecutive_windows: 2}")
            .yaml());
    webhook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    webhook.createContext(
        "/olivia",
        x -> {
          posted.add(new ObjectMapper().readTree(x.getRequestBody()).get("text").asText());
          x.sendResponseHeaders(200, -1);
          x.close();
        });
    webhook.start();
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(
        policy,
        "notify: {owners: {olivia: 'http://127.0.0.1:"
            + webhook.getAddress().getPort()
            + "/olivia'}}\n");
    f.ok("admin", "policy", "set", "--file", policy.toString());
    f.register("m1", "alerting model", "MEDIUM");
    f.override("m1", null, "DEVELOPMENT");
    f.addVersion("m1", "v1");
    f.ok("olivia", "monitor", "register", "--spec", spec.toString());
    f.ok("olivia", "baseline", "--model", "m1");
  }

  static String region(int i) {
    return i <= 50 ? "a" : i <= 80 ? "b" : "c";
  }

  static List<Row> alerts() {
    return TestSpark.get()
        .sql("SELECT * FROM delta.`" + f.wh + "/steward/alerts` ORDER BY first_breach")
        .collectAsList();
  }

  static long version(String table) {
    return TestSpark.get()
        .sql("DESCRIBE HISTORY delta.`" + f.wh + "/steward/" + table + "` LIMIT 1")
        .first()
        .getLong(0);
  }

  static Cli.Run nightly(int expected, String... args) {
    List<String> all = new ArrayList<>(List.of("nightly"));
    all.addAll(List.of(args));
    Cli.Run r = Cli.runAs("svc", f.wh, all.toArray(String[]::new));
    assertEquals(expected, r.code(), r.toString());
    return r;
  }

  @Test
  @Order(1)
  void oneBreachingNightIsNoAlertYet() {
    Cli.Run r = nightly(0, "--date", "2026-03-02");
    assertTrue(r.out().contains("no alert raised; 0 alert(s) open"), r.out());
    assertEquals(List.of(), alerts());
  }

  @Test
  @Order(2)
  void theSecondBreachingNightOpensTheAlertAndExitsThree() {
    Cli.Run r = nightly(3, "--date", "2026-03-03");
    List<Row> alerts = alerts();
    assertEquals(1, alerts.size(), alerts.toString());
    Row a = alerts.get(0);
    alertId = a.getAs("alert_id");
    assertEquals("OPEN", a.getAs("status"));
    assertEquals("CRITICAL", a.getAs("severity"));
    assertEquals("psi", a.getAs("rule"));
    assertEquals("x", a.getAs("subject"));
    assertEquals("v1", a.getAs("model_version"));
    assertEquals("olivia", a.getAs("owner"));
    assertEquals("2026-03-02", a.getAs("first_breach").toString());
    assertEquals("2026-03-03", a.getAs("opened_on").toString());
    assertEquals(2, a.<Integer>getAs("consecutive"));
    assertEquals(0.25, a.<Double>getAs("threshold"));
    assertTrue(a.<Double>getAs("worst_value") > 1, a.toString());
    assertEquals(2, a.getList(a.fieldIndex("evidence")).size());
    assertTrue(
        a.getList(a.fieldIndex("evidence"))
            .get(0)
            .toString()
            .matches(
                "feature_drift\\[run_id=\\S+, model_version=v1, window_start=2026-03-02, feature=x]"),
        a.toString());
    List<String> lines = r.out().lines().toList();
    assertEquals("1 alert(s) and 1 trigger(s) raised: exit 3", lines.get(lines.size() - 1));
    assertEquals(
        "raised CRITICAL psi of x on m1 v1 for olivia (alert " + alertId + ")",
        lines.get(lines.size() - 3));
    Row t =
        TestSpark.get()
            .sql(
                "SELECT trigger_id, kind, reason, status, owner, raised_by, due_date, evidence,"
                    + " notify_status FROM steward.triggers")
            .first();
    String triggerId = t.getString(0);
    assertEquals(
        "raised RETRAIN DRIFT on m1 v1 for olivia, due 2026-04-02 (trigger "
            + triggerId
            + "): significant drift: "
            + alertId
            + " (psi on x, CRITICAL since 2026-03-02)",
        lines.get(lines.size() - 2));
    assertEquals(
        RowFactory.create(
            triggerId,
            "RETRAIN",
            "DRIFT",
            "OPEN",
            "olivia",
            "svc",
            Date.valueOf("2026-04-02"),
            "significant drift: " + alertId + " (psi on x, CRITICAL since 2026-03-02)",
            "DELIVERED"),
        t);
    Row raised =
        TestSpark.get()
            .sql("SELECT actor, event_type FROM steward.lifecycle_events ORDER BY seq DESC LIMIT 1")
            .first();
    assertEquals(RowFactory.create("svc", "TRIGGER_RAISED"), raised);

    // Both reached olivia's webhook, once each, and the alert's row says so.
    assertEquals(2, posted.size(), posted.toString());
    assertTrue(
        posted.get(0).startsWith("[steward] CRITICAL alert on m1 v1: psi of x is "), posted.get(0));
    assertTrue(posted.get(1).startsWith("[steward] RETRAIN (DRIFT) for m1 v1, due 2026-04-02."));
    Row delivered = alerts().get(0);
    assertEquals("DELIVERED", delivered.getAs("notify_status"));
    assertEquals(1, delivered.<Integer>getAs("notify_attempts"));
  }

  @Test
  @Order(3)
  void aRerunAndAnOverlappingBackfillKeepTheOneAlert() {
    // Reruns night 2 and night 1 before it, whose breach now comes first in the same episode.
    Cli.Run backfill = nightly(0, "--from", "2026-03-02", "--to", "2026-03-03");
    assertTrue(backfill.out().contains("no alert raised; 1 alert(s) open"), backfill.out());
    List<Row> alerts = alerts();
    assertEquals(1, alerts.size(), alerts.toString());
    assertEquals(alertId, alerts.get(0).getAs("alert_id"));
    assertEquals("OPEN", alerts.get(0).getAs("status"));
    assertEquals(2, posted.size(), "nothing announced twice: " + posted);
  }

  @Test
  @Order(4)
  void aStrangersAckIsRefusedAndTheOwnersIsRecorded() {
    f.refused(
        "mallory",
        "refused: mallory may not acknowledge alert "
            + alertId
            + " of model m1; it needs ownership of the model, the VALIDATOR role or the"
            + " PLATFORM_ADMIN role",
        "alert",
        "ack",
        "--id",
        alertId,
        "--reason",
        "mine now");
    f.refused(
        "olivia",
        "alert 'nope' does not exist; list the alerts with: steward alert list",
        "alert",
        "ack",
        "--id",
        "nope",
        "--reason",
        "x");
    Cli.Run ack =
        f.ok("olivia", "alert", "ack", "--id", alertId, "--reason", "retraining on March data");
    assertEquals(
        "acknowledged alert " + alertId + " (CRITICAL psi of x on m1) as olivia",
        ack.out().strip());
    Row event =
        TestSpark.get()
            .sql(
                "SELECT actor, event_type, model_id, version, reason, evidence FROM"
                    + " steward.lifecycle_events ORDER BY seq DESC LIMIT 1")
            .first();
    assertEquals(
        RowFactory.create(
            "olivia",
            "ALERT_ACKNOWLEDGED",
            "m1",
            "v1",
            "retraining on March data",
            "alert_id=" + alertId + " night=2026-03-03"),
        event);
    Row a = alerts().get(0);
    assertEquals("ACKNOWLEDGED", a.getAs("status"));
    assertEquals("olivia", a.getAs("acknowledged_by"));
    Cli.Run list = f.ok("val", "alert", "list", "--model", "m1", "--format", "csv");
    assertEquals(2, list.out().lines().count(), list.out());
    assertTrue(
        list.out()
            .lines()
            .toList()
            .get(1)
            .startsWith(alertId + ",ACKNOWLEDGED,CRITICAL,m1,v1,psi,x,"),
        list.out());
    Cli.Run show = f.ok("val", "model", "show", "--id", "m1");
    assertTrue(show.out().contains("open alerts: 1 (CRITICAL 1)"), show.out());
  }

  @Test
  @Order(5)
  void twoCleanNightsResolveIt() {
    Cli.Run r = nightly(0, "--from", "2026-03-04", "--to", "2026-03-05");
    assertTrue(r.out().contains("no alert raised; 0 alert(s) open"), r.out());
    List<Row> alerts = alerts();
    assertEquals(1, alerts.size(), alerts.toString());
    Row a = alerts.get(0);
    assertEquals(alertId, a.getAs("alert_id"));
    assertEquals("RESOLVED", a.getAs("status"));
    assertEquals("2026-03-05", a.getAs("resolved_on").toString());
    assertEquals("olivia", a.getAs("acknowledged_by"), "the acknowledgement stays on the row");
    Cli.Run list = f.ok("val", "alert", "list", "--status", "resolved", "--format", "csv");
    assertEquals(
        List.of(
            "alert_id,status,severity,model,version,rule,subject,worst,latest,threshold,"
                + "first_breach,last_breach,owner",
            alertId
                + ",RESOLVED,CRITICAL,m1,v1,psi,x,8.2831,0.0000,0.2500,2026-03-02,2026-03-03,olivia"),
        list.out().lines().toList());
    f.refused(
        "olivia",
        "alert '"
            + alertId
            + "' is already RESOLVED (on 2026-03-05); a new breach opens a new alert",
        "alert",
        "resolve",
        "--id",
        alertId,
        "--reason",
        "done");
  }

  @Test
  @Order(6)
  void badThresholdsAreOneLineAndChangeNothing() throws IOException {
    long before = version("monitors");
    Map<String, String> cases =
        Map.of(
            "{psi_modrate: 0.1}", "unknown threshold key 'thresholds.psi_modrate'",
            "{psi_moderate: -0.1}", "psi_moderate' is '-0.1'",
            "{parity_ratio_min: 1.2}", "parity_ratio_min' is '1.2' but must be a ratio",
            "{psi_moderate: high}", "psi_moderate' is 'high'",
            "{psi_moderate: 0.3}", "thresholds over the policy for tier MEDIUM");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      Path bad = dir.resolve("bad.yaml");
      Files.writeString(
          bad,
          TestData.spec("m1", log, snapshot)
              .baselineVersion(0)
              .set("thresholds", c.getKey())
              .yaml());
      Cli.Run r = Cli.runAs("olivia", f.wh, "monitor", "register", "--spec", bad.toString());
      assertEquals(2, r.code(), c.getKey() + "\n" + r);
      assertEquals(1, r.err().lines().count(), r.toString());
      assertTrue(r.lastErr().contains(c.getValue()), c.getKey() + ": " + r.lastErr());
    }
    assertEquals(before, version("monitors"));
  }
}
