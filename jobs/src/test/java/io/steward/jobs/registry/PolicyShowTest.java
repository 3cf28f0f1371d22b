package io.steward.jobs.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.steward.jobs.Cli;
import io.steward.jobs.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code steward policy show}: the gate values and the thresholds in force per risk tier, first the
 * built-in ones, then after a policy file with a {@code thresholds:} block; a bad block is refused
 * in one line and changes nothing.
 */
class PolicyShowTest {
  @TempDir Path dir;

  private static Cli.Run ok(Cli.Run r) {
    assertEquals(0, r.code(), r.toString());
    return r;
  }

  private static List<String> row(Cli.Run r, String key) {
    return r.out()
        .lines()
        .filter(l -> l.startsWith(key + " "))
        .findFirst()
        .map(l -> List.of(l.split("\\s+")))
        .orElseThrow(() -> new AssertionError("no row " + key + " in\n" + r.out()));
  }

  @Test
  void showsTheThresholdsPerTierAfterThePolicyFile() throws IOException {
    String wh = TestData.initialisedWarehouse(dir.resolve("wh"));

    Cli.Run builtIn = ok(Cli.runAs("admin", wh, "policy", "show"));
    assertTrue(builtIn.out().contains("shadow_days: 14\n"), builtIn.out());
    assertEquals(
        List.of("psi_significant", "PSI", "0.25", "0.25", "0.2", "0.2"),
        row(builtIn, "psi_significant"));
    assertEquals(
        List.of("consecutive_windows", "nights", "3", "3", "2", "1"),
        row(builtIn, "consecutive_windows"));
    assertEquals(
        List.of("parity_ratio_min", "ratio", "0.8", "0.8", "0.8", "0.8"),
        row(builtIn, "parity_ratio_min"));
    assertEquals("-", row(builtIn, "rmse_rise_abs").get(3), "off by default");
    assertTrue(
        builtIn
            .out()
            .contains(
                "use_ci (LOW): auc_drop_abs, auc_drop_rel, rmse_rise_abs, rmse_rise_rel,"
                    + " parity_ratio, equalized_odds_diff\n"),
        builtIn.out());

    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "thresholds:\n  default: {parity_ratio_min: 1.2}\n");
    Cli.Run refused = Cli.runAs("admin", wh, "policy", "set", "--file", bad.toString());
    assertEquals(2, refused.code(), refused.toString());
    assertEquals(1, refused.err().lines().count(), refused.toString());
    assertEquals(
        "steward: error: gate policy bad.yaml: threshold 'thresholds.default.parity_ratio_min' is"
            + " '1.2' but must be a ratio, a number in [0, 1], or null to turn it off",
        refused.lastErr());
    assertEquals(builtIn.out(), ok(Cli.runAs("admin", wh, "policy", "show")).out());

    Path good = dir.resolve("policy.yaml");
    Files.writeString(
        good,
        "shadow_days: 7\n"
            + "thresholds:\n"
            + "  default: {psi_significant: 0.3}\n"
            + "  HIGH: {consecutive_windows: 1, use_ci: false}\n");
    ok(Cli.runAs("admin", wh, "policy", "set", "--file", good.toString()));
    Cli.Run json = ok(Cli.runAs("admin", wh, "policy", "show", "--format", "json"));
    JsonNode doc = new ObjectMapper().readTree(json.out());
    assertEquals(7, doc.get("shadow_days").asInt());
    assertEquals("[\"LOW\"]", doc.get("fast_track").toString());
    JsonNode t = doc.get("thresholds");
    assertEquals(0.3, t.get("LOW").get("psi_significant").asDouble());
    assertEquals(0.3, t.get("HIGH").get("psi_significant").asDouble(), "policy over built-in");
    assertEquals(3, t.get("MEDIUM").get("consecutive_windows").asInt());
    assertEquals(1, t.get("HIGH").get("consecutive_windows").asInt());
    assertTrue(t.get("LOW").get("rmse_rise_abs").isNull());
    assertTrue(t.get("LOW").get("use_ci").get("auc_drop_abs").asBoolean());
    assertEquals(false, t.get("HIGH").get("use_ci").get("auc_drop_abs").asBoolean());

    Cli.Run csv = Cli.runAs("admin", wh, "policy", "show", "--format", "csv");
    assertEquals(2, csv.code(), csv.toString());
    assertEquals(
        "steward: error: option --format is 'csv' but must be table or json", csv.lastErr());
  }
}
