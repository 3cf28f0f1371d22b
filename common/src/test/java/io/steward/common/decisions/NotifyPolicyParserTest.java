package io.steward.common.decisions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.common.domain.RiskTier;
import io.steward.common.errors.StewardException;
import io.steward.common.lifecycle.GatePolicy;
import io.steward.common.lifecycle.GatePolicyParser;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NotifyPolicyParserTest {
  private static NotifyPolicy notify(String yaml) {
    return GatePolicyParser.parse("p.yaml", yaml).notifications();
  }

  private static String refused(String yaml) {
    return assertThrows(StewardException.class, () -> notify(yaml)).getMessage();
  }

  @Test
  void theMostSpecificRouteWins() {
    NotifyPolicy p =
        notify(
            """
            notify:
              default: https://hooks.example.com/all
              tiers: {CRITICAL: "https://hooks.example.com/risk"}
              owners: {olivia: "http://127.0.0.1:8080/olivia"}
              timeout_seconds: 2.5
            """);
    assertEquals(
        Optional.of(URI.create("http://127.0.0.1:8080/olivia")),
        p.route("olivia", RiskTier.CRITICAL));
    assertEquals(
        Optional.of(URI.create("https://hooks.example.com/risk")),
        p.route("bob", RiskTier.CRITICAL));
    assertEquals(Optional.of(URI.create("https://hooks.example.com/all")), p.route(null, null));
    assertEquals(Duration.ofMillis(2500), p.timeout());
  }

  @Test
  void withoutABlockNothingIsRouted() {
    GatePolicy p = GatePolicyParser.parse("p.yaml", "shadow_days: 7\n");
    assertTrue(p.notifications().isEmpty());
    assertEquals(Optional.empty(), p.notifications().route("olivia", RiskTier.HIGH));
    NotifyPolicy tierOnly = notify("notify: {tiers: {HIGH: 'https://h.example.com/x'}}\n");
    assertEquals(Optional.empty(), tierOnly.route("olivia", RiskTier.LOW));
  }

  @Test
  void badBlocksAreOneLineNamingTheKey() {
    assertEquals(
        "gate policy p.yaml: notify has an unknown key 'email'; expected one of default, tiers,"
            + " owners, timeout_seconds; fix the file",
        refused("notify: {email: a@b.c}\n"));
    assertEquals(
        "gate policy p.yaml: notify.owners.olivia is 'ftp://h/x' but must be an http or https URL"
            + " such as https://hooks.example.com/steward; fix the file",
        refused("notify: {owners: {olivia: 'ftp://h/x'}}\n"));
    assertEquals(
        "gate policy p.yaml: notify.default is 'not a url' but must be an http or https URL such"
            + " as https://hooks.example.com/steward; fix the file",
        refused("notify: {default: not a url}\n"));
    assertEquals(
        "gate policy p.yaml: notify.tiers has 'URGENT'; tiers are LOW, MEDIUM, HIGH, CRITICAL;"
            + " fix the file",
        refused("notify: {tiers: {URGENT: 'https://h.example.com/x'}}\n"));
    assertEquals(
        "gate policy p.yaml: notify.timeout_seconds must be a number of seconds in (0, 300];"
            + " fix the file",
        refused("notify: {timeout_seconds: ten}\n"));
    assertEquals(
        "gate policy p.yaml: notify must be a mapping with default, tiers, owners and"
            + " timeout_seconds; fix the file",
        refused("notify: https://h.example.com/x\n"));
    assertEquals(
        "gate policy p.yaml: notify.owners must be a mapping of names to webhook URLs; fix the"
            + " file",
        refused("notify: {owners: [olivia]}\n"));
  }
}
