package io.steward.jobs.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook against a real HTTP server on loopback, started by the test. */
class WebhookTest {
  private static final Instant NOW = Instant.parse("2026-03-03T02:00:00Z");
  private final Webhook webhook =
      new Webhook(Duration.ofMillis(500), Clock.fixed(NOW, ZoneOffset.UTC));
  private final List<String> received = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private HttpServer server;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/ok",
        x -> {
          received.add(
              x.getRequestHeaders().getFirst("Content-Type")
                  + " "
                  + new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          x.sendResponseHeaders(204, -1);
          x.close();
        });
    server.createContext(
        "/broken/T0SECRET",
        x -> {
          x.getRequestBody().readAllBytes();
          x.sendResponseHeaders(500, -1);
          x.close();
        });
    server.createContext(
        "/slow",
        x -> {
          try {
            release.await(5, TimeUnit.SECONDS); // held until the client has given up
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          x.sendResponseHeaders(204, -1);
          x.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.stop(0);
  }

  private URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  @Test
  void aMessageIsPostedAsJsonWithATextField() throws IOException {
    Delivery d = webhook.post(url("/ok"), "[CRITICAL] card_limit v1: psi on income 0.31 \"x\"");
    assertEquals(new Delivery(Delivery.Status.DELIVERED, null, NOW), d);
    assertFalse(d.retry());
    assertEquals(1, received.size());
    String[] parts = received.get(0).split(" ", 3);
    assertEquals("application/json; charset=utf-8", parts[0] + " " + parts[1]);
    JsonNode body = new ObjectMapper().readTree(parts[2]);
    assertEquals("[CRITICAL] card_limit v1: psi on income 0.31 \"x\"", body.get("text").asText());
    assertEquals(1, body.size());
  }

  @Test
  void aRefusalIsAFailedDeliveryThatNamesTheHostButNotTheSecretPath() {
    Delivery d = webhook.post(url("/broken/T0SECRET"), "x");
    assertEquals(Delivery.Status.FAILED, d.status());
    assertEquals(
        "webhook at 127.0.0.1:" + server.getAddress().getPort() + " answered HTTP 500", d.error());
    assertTrue(d.retry());
  }

  @Test
  void anUnreachableOrSlowWebhookIsAFailedDeliveryNotAnException() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    Delivery refused = webhook.post(URI.create("http://127.0.0.1:" + closed + "/T0SECRET"), "x");
    assertEquals(Delivery.Status.FAILED, refused.status());
    assertTrue(
        refused.error().startsWith("webhook at 127.0.0.1:" + closed + " could not be reached"),
        refused.error());
    assertFalse(refused.error().contains("T0SECRET"), refused.error());

    Delivery slow = webhook.post(url("/slow"), "x");
    assertEquals(
        new Delivery(
            Delivery.Status.FAILED,
            "webhook at 127.0.0.1:"
                + server.getAddress().getPort()
                + " did not answer within 500 ms",
            NOW),
        slow);
    assertNull(new Delivery(Delivery.Status.NO_ROUTE, null, NOW).error());
  }
}
