package io.steward.jobs.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.steward.common.errors.Errors;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;

/**
 * Posts one message to an incoming webhook: a JSON object whose {@code text} field holds the
 * message, which Slack- and Teams-style webhooks display as it is. Runs on the driver. A delivery
 * never throws: whatever goes wrong (refused connection, timeout, a non-2xx answer) comes back as a
 * FAILED {@link Delivery}, so announcing can never fail the run that raised the alert.
 */
public final class Webhook {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client;
  private final Duration timeout;
  private final Clock clock;

  public Webhook(Duration timeout, Clock clock) {
    this.timeout = timeout;
    this.clock = clock;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** Sends {@code text} to {@code url}; never throws for a delivery problem. */
  public Delivery post(URI url, String text) {
    ObjectNode body = JSON.createObjectNode().put("text", text);
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .header("Content-Type", "application/json; charset=utf-8")
            .header("User-Agent", "steward")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build();
    String host = url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
    try {
      HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
      int code = response.statusCode();
      if (code / 100 == 2) {
        return new Delivery(Delivery.Status.DELIVERED, null, clock.instant());
      }
      return failed("webhook at " + host + " answered HTTP " + code);
    } catch (HttpTimeoutException e) {
      return failed("webhook at " + host + " did not answer within " + timeout.toMillis() + " ms");
    } catch (IOException e) {
      return failed(
          "webhook at "
              + host
              + " could not be reached: "
              + scrub(
                  Errors.oneLine(
                      e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()),
                  url));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failed("webhook at " + host + ": interrupted");
    }
  }

  /** A message without the webhook's path, which is often its secret. */
  private static String scrub(String message, URI url) {
    String out = message.replace(url.toString(), url.getHost());
    String path = url.getRawPath();
    return path == null || path.length() < 2 ? out : out.replace(path, "/...");
  }

  private Delivery failed(String error) {
    return new Delivery(Delivery.Status.FAILED, error, clock.instant());
  }
}
