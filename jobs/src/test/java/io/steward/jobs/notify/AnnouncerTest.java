package io.steward.jobs.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.steward.common.decisions.NotifyPolicy;
import io.steward.common.domain.RiskTier;
import io.steward.common.triggers.Trigger;
import io.steward.common.triggers.TriggerKind;
import io.steward.common.triggers.TriggerStatus;
import io.steward.registry.store.AlertStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Announcing against a real HTTP server on loopback: what is sent, to which route, what the rows
 * record, and that a failed delivery is retried on the next round and never lost. No Spark.
 */
class AnnouncerTest {
  private static final Instant NOW = Instant.parse("2026-03-04T02:00:00Z");
  private final List<String> olivia = new CopyOnWriteArrayList<>();
  private final List<String> risk = new CopyOnWriteArrayList<>();
  private final AtomicInteger riskAnswer = new AtomicInteger(500);
  private HttpServer server;
  private Announcer announcer;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/olivia", x -> record(x, olivia, 200));
    server.createContext("/risk", x -> record(x, risk, riskAnswer.get()));
    server.start();
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    NotifyPolicy policy =
        new NotifyPolicy(
            null,
            Map.of(RiskTier.CRITICAL, URI.create(base + "/risk")),
            Map.of("olivia", URI.create(base + "/olivia")),
            Duration.ofSeconds(2));
    announcer =
        new Announcer(policy, new Webhook(Duration.ofSeconds(2), Clock.fixed(NOW, ZoneOffset.UTC)));
  }

  private static void record(HttpExchange x, List<String> into, int code) throws IOException {
    into.add(new ObjectMapper().readTree(x.getRequestBody()).get("text").asText());
    x.sendResponseHeaders(code, -1);
    x.close();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private static AlertStore.Alert alert(
      String id, String model, String owner, String status, String notify, int attempts) {
    LocalDate d = LocalDate.parse("2026-03-02");
    return new AlertStore.Alert(
        id,
        model,
        "v1",
        "psi",
        "income",
        status,
        "CRITICAL",
        d,
        d.plusDays(1),
        d.plusDays(1),
        null,
        2,
        0.41,
        0.39,
        0.25,
        false,
        owner,
        List.of("e"),
        "r1",
        NOW,
        null,
        null,
        null,
        null,
        notify,
        attempts,
        null,
        null);
  }

  private static Trigger trigger(
      String id, String model, String owner, String notify, int attempts) {
    return new Trigger(
        id,
        model,
        "v1",
        TriggerKind.RETRAIN,
        "DRIFT",
        TriggerStatus.OPEN,
        NOW,
        "svc",
        "r1",
        "significant drift: a1",
        owner,
        LocalDate.parse("2026-03-11"),
        false,
        NOW,
        null,
        null,
        null,
        new Trigger.Notification(notify, attempts, null, null));
  }

  @Test
  void ownersRouteFirstThenTheTierAndEachOutcomeIsOnItsRow() {
    Map<String, RiskTier> tiers = Map.of("card", RiskTier.CRITICAL, "churn", RiskTier.LOW);
    Announcer.Outcome o =
        announcer.announce(
            List.of(
                alert("a1", "card", "olivia", "OPEN", null, 0),
                alert("a2", "card", "bob", "OPEN", null, 0),
                alert("a3", "churn", "bob", "OPEN", null, 0),
                alert("a4", "card", "olivia", "ACKNOWLEDGED", null, 0),
                alert("a5", "card", "olivia", "OPEN", "DELIVERED", 1)),
            Set.of("a1", "a2", "a3"),
            List.of(trigger("t1", "card", "bob", null, 0)),
            Set.of("t1"),
            tiers);
    assertEquals(
        List.of(
            "[steward] CRITICAL alert on card v1: psi of income is 0.3900 (threshold 0.2500) since"
                + " 2026-03-02, 2 night(s) in a row. Owner: olivia. Acknowledge: steward alert ack"
                + " --id a1 --reason \"...\""),
        olivia);
    assertEquals(2, risk.size(), risk.toString()); // bob's alert and trigger on a CRITICAL model
    assertTrue(
        risk.get(1).startsWith("[steward] RETRAIN (DRIFT) for card v1, due 2026-03-11."),
        risk.get(1));
    assertEquals(1, o.delivered());
    assertEquals(2, o.failed());
    assertEquals(
        "notify: 1 delivered, 2 failed (retried next run), 1 without a webhook in the policy",
        o.line());
    Map<String, AlertStore.Alert> rows = byId(o.alerts());
    assertEquals(Set.of("a1", "a2", "a3"), rows.keySet(), "a4 acknowledged, a5 delivered before");
    assertEquals("DELIVERED", rows.get("a1").notifyStatus());
    assertEquals(1, rows.get("a1").notifyAttempts());
    assertEquals(NOW, rows.get("a1").notifiedAt());
    assertNull(rows.get("a1").notifyError());
    assertEquals("FAILED", rows.get("a2").notifyStatus());
    assertTrue(
        rows.get("a2").notifyError().endsWith(" answered HTTP 500"), rows.get("a2").notifyError());
    assertEquals("NO_ROUTE", rows.get("a3").notifyStatus());
    assertEquals(0, rows.get("a3").notifyAttempts());
    assertEquals("FAILED", o.triggers().get(0).notification().status());
    assertEquals("OPEN", rows.get("a1").status(), "announcing changes no alert's status");

    // The next run raises nothing new: only the failures are retried, and now they get through.
    riskAnswer.set(204);
    Announcer.Outcome next =
        announcer.announce(
            List.of(rows.get("a1"), rows.get("a2"), rows.get("a3")),
            Set.of(),
            o.triggers(),
            Set.of(),
            tiers);
    assertEquals(4, risk.size());
    assertEquals(1, olivia.size(), "delivered once, never again");
    Map<String, AlertStore.Alert> retried = byId(next.alerts());
    assertEquals(Set.of("a2"), retried.keySet(), "a3 still has no route: its row is unchanged");
    assertEquals("DELIVERED", retried.get("a2").notifyStatus());
    assertEquals(2, retried.get("a2").notifyAttempts());
    assertEquals(2, next.triggers().get(0).notification().attempts());
    assertEquals("notify: 2 delivered, 0 failed (retried next run)", next.line());

    // An escalation is announced again even when the episode was delivered before.
    Announcer.Outcome escalated =
        announcer.announce(List.of(retried.get("a2")), Set.of("a2"), List.of(), Set.of(), tiers);
    assertEquals(1, escalated.delivered());
    assertEquals(5, risk.size());
  }

  private static Map<String, AlertStore.Alert> byId(List<AlertStore.Alert> alerts) {
    Map<String, AlertStore.Alert> out = new TreeMap<>();
    alerts.forEach(a -> out.put(a.alertId(), a));
    return out;
  }
}
