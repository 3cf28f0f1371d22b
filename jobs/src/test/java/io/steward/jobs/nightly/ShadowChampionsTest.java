package io.steward.jobs.nightly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.common.spec.MonitorSpec;
import io.steward.common.spec.MonitorSpecParser;
import io.steward.common.testing.Specs;
import io.steward.jobs.scan.ShadowRules;
import io.steward.registry.store.RegistryRecords;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which champion each model in shadow mode is compared with, and which version is watched. */
class ShadowChampionsTest {
  static MonitorSpec spec(String id, String shadow) {
    Specs.Builder b =
        Specs.binary(id).predictions("delta.`/log`").numeric("x").baseline("delta.`/s`");
    if (shadow != null) {
      b.set("shadow", shadow);
    }
    return MonitorSpecParser.parse(id + ".yaml", b.yaml());
  }

  static RegistryRecords.Model model(String id, String champion) {
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    return new RegistryRecords.Model(
        id,
        id,
        "x",
        "auc>=0.7",
        List.of(),
        "olivia",
        "LOW",
        List.of(),
        champion == null ? "DEPLOYMENT" : "PRODUCTION",
        champion,
        t,
        "olivia",
        t,
        "olivia");
  }

  static RegistryRecords.Event promoted(long seq, String id, String version, String evidence) {
    return new RegistryRecords.Event(
        seq,
        "e" + seq,
        Instant.parse("2026-04-20T10:00:00Z"),
        "comm",
        "TRANSITIONED",
        id,
        version,
        "DEPLOYMENT",
        "PRODUCTION",
        "go",
        evidence,
        "",
        "");
  }

  static long micros(String day) {
    return ChronoUnit.MICROS.between(
        Instant.EPOCH, LocalDate.parse(day).atStartOfDay(ZoneOffset.UTC).toInstant());
  }

  @Test
  void theRegistrysChampionFirstTheSpecsBeforeAndWatchesAfterAPromotion() {
    List<String> told = new ArrayList<>();
    Map<String, ShadowRules> rules =
        ShadowChampions.resolve(
            List.of(
                spec("legacy", "{champion: old}"),
                spec("live", "{champion: ignored, watch_nights: 3}"),
                spec("none", "{}"),
                spec("plain", null)),
            Map.of("legacy", model("legacy", null), "live", model("live", "v3")),
            List.of(
                promoted(1, "live", "v1", "gate passed"),
                promoted(2, "live", "v2", "gate passed"),
                promoted(3, "live", "v3", "gate passed; effective on 2026-04-15")),
            told::add);
    assertEquals(List.of("legacy", "live"), List.copyOf(rules.keySet()));
    assertEquals("old", rules.get("legacy").champion());
    assertNull(rules.get("legacy").watched());
    ShadowRules live = rules.get("live");
    assertEquals("v3", live.champion(), "the registry's champion wins over the spec's");
    assertEquals("v2", live.watched(), "the champion before the latest promotion");
    // Watched for three nights from the day the promotion took effect.
    assertFalse(live.watching("v2", micros("2026-04-14")));
    assertTrue(live.watching("v2", micros("2026-04-15")));
    assertTrue(live.watching("v2", micros("2026-04-17")));
    assertFalse(live.watching("v2", micros("2026-04-18")));
    assertFalse(live.watching("v1", micros("2026-04-15")));
    assertEquals(
        List.of(
            "shadow mode: none has no champion (no PRODUCTION version in the registry and no"
                + " shadow.champion in its spec): its versions are not compared"),
        told);
  }
}
