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

/** Which champion each night of a model in shadow mode has, and which version is watched. */
class ShadowChampionsTest {
  static MonitorSpec spec(String id, String shadow) {
    Specs.Builder b =
        Specs.binary(id).predictions("delta.`/log`").numeric("x").baseline("delta.`/s`");
    if (shadow != null) {
      b.set("shadow", shadow);
    }
    return MonitorSpecParser.parse(id + ".yaml", b.yaml());
  }

  /** A promotion recorded at {@code at}, effective on another day when {@code effective} is set. */
  static RegistryRecords.Event promoted(
      long seq, String id, String version, String at, String effective) {
    return new RegistryRecords.Event(
        seq,
        "e" + seq,
        Instant.parse(at + "T10:00:00Z"),
        "comm",
        seq % 2 == 0 ? "OVERRIDDEN" : "TRANSITIONED",
        id,
        version,
        "DEPLOYMENT",
        "PRODUCTION",
        "go",
        effective == null ? "gate passed" : "gate passed; effective on " + effective,
        "",
        "",
        null);
  }

  static long night(String day) {
    return ChronoUnit.MICROS.between(
        Instant.EPOCH, LocalDate.parse(day).atStartOfDay(ZoneOffset.UTC).toInstant());
  }

  @Test
  void eachNightHasTheChampionInForceThenAndTheVersionItReplacedIsWatched() {
    List<String> told = new ArrayList<>();
    Map<String, ShadowRules> rules =
        ShadowChampions.resolve(
            List.of(
                spec("legacy", "{champion: old}"),
                spec("live", "{champion: rules_engine, watch_nights: 3}"),
                spec("none", "{}"),
                spec("plain", null)),
            List.of(
                promoted(1, "live", "v1", "2026-04-01", null),
                promoted(2, "live", "v2", "2026-04-05", null),
                // Recorded after the fact: in force from the 15th.
                promoted(3, "live", "v3", "2026-04-20", "2026-04-15"),
                promoted(4, "other", "v9", "2026-04-02", null)),
            told::add);
    assertEquals(List.of("legacy", "live"), List.copyOf(rules.keySet()));
    ShadowRules legacy = rules.get("legacy");
    assertEquals("old", legacy.championOn(night("2026-04-10")));
    assertNull(legacy.watchedOn(night("2026-04-10")));

    ShadowRules live = rules.get("live");
    assertEquals("rules_engine", live.championOn(night("2026-03-31")), "before any promotion");
    assertEquals("v1", live.championOn(night("2026-04-01")));
    assertEquals("v2", live.championOn(night("2026-04-14")));
    assertEquals("v3", live.championOn(night("2026-04-15")), "from the day it took effect");
    assertEquals("v3", live.championOn(night("2026-04-30")));
    // The version each promotion replaced, for three nights from its day.
    assertEquals("rules_engine", live.watchedOn(night("2026-04-01")));
    assertEquals("v1", live.watchedOn(night("2026-04-07")));
    assertNull(live.watchedOn(night("2026-04-08")));
    assertTrue(live.watching("v2", night("2026-04-15")));
    assertTrue(live.watching("v2", night("2026-04-17")));
    assertFalse(live.watching("v2", night("2026-04-18")));
    assertFalse(live.watching("v1", night("2026-04-15")));
    assertEquals(
        List.of(
            "shadow mode: none has no champion (no PRODUCTION version in the registry and no"
                + " shadow.champion in its spec): its versions are not compared"),
        told);
  }
}
