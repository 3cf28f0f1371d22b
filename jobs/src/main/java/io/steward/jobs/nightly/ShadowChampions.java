package io.steward.jobs.nightly;

import io.steward.common.domain.EventType;
import io.steward.common.domain.Stage;
import io.steward.common.spec.MonitorSpec;
import io.steward.jobs.registry.TransitionAction;
import io.steward.jobs.scan.ShadowRules;
import io.steward.registry.store.RegistryRecords;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Settles shadow mode for the models of a run (pure; the registry is read by the caller): the
 * champion of a night is the version whose promotion to PRODUCTION took effect last on or before
 * it, else, before the model's first promotion (a go-live replacing a system the registry never
 * held), the spec's {@code shadow.champion}; the version watched is the one that was champion
 * before the latest promotion, for the spec's {@code watch_nights} from the day the promotion took
 * effect.
 */
final class ShadowChampions {
  private ShadowChampions() {}

  /**
   * @param events the registry's trail
   * @param progress told about every model in shadow mode that has no champion
   * @return the rules of each model in shadow mode that has a champion, by model id
   */
  static Map<String, ShadowRules> resolve(
      List<MonitorSpec> specs, List<RegistryRecords.Event> events, Consumer<String> progress) {
    Map<String, ShadowRules> out = new LinkedHashMap<>();
    for (MonitorSpec s : specs) {
      if (s.shadow().isEmpty()) {
        continue;
      }
      MonitorSpec.Shadow shadow = s.shadow().get();
      String id = s.modelId().value();
      // The versions that moved to PRODUCTION, by the day each took effect (the trail's order
      // among promotions of the same day).
      List<ShadowRules.Reign> reigns = new ArrayList<>();
      for (RegistryRecords.Event e : events) {
        if (id.equals(e.modelId())
            && e.version() != null
            && Stage.PRODUCTION.name().equals(e.toStage())
            && (e.is(EventType.TRANSITIONED) || e.is(EventType.OVERRIDDEN))) {
          reigns.add(new ShadowRules.Reign(e.version(), micros(TransitionAction.effectiveDay(e))));
        }
      }
      reigns.sort(java.util.Comparator.comparingLong(ShadowRules.Reign::fromMicros));
      if (reigns.isEmpty() && shadow.champion() == null) {
        progress.accept(
            "shadow mode: "
                + id
                + " has no champion (no PRODUCTION version in the registry and no"
                + " shadow.champion in its spec): its versions are not compared");
        continue;
      }
      out.put(
          id,
          new ShadowRules(shadow.champion(), reigns, shadow.watchNights(), shadow.thresholds()));
    }
    return out;
  }

  private static long micros(LocalDate day) {
    return ChronoUnit.MICROS.between(
        java.time.Instant.EPOCH, day.atStartOfDay(ZoneOffset.UTC).toInstant());
  }
}
