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
 * champion is the registry's champion (the model's PRODUCTION version), else, while the model has
 * none (a first go-live replacing a system the registry never held), the spec's {@code
 * shadow.champion}; the version watched is the one that was champion before the latest promotion,
 * for the spec's {@code watch_nights} from the day the promotion took effect.
 */
final class ShadowChampions {
  private ShadowChampions() {}

  /**
   * @param models the registry's models, by id (a monitored model may be missing)
   * @param events the registry's trail
   * @param progress told about every model in shadow mode that has no champion
   * @return the rules of each model in shadow mode that has a champion, by model id
   */
  static Map<String, ShadowRules> resolve(
      List<MonitorSpec> specs,
      Map<String, RegistryRecords.Model> models,
      List<RegistryRecords.Event> events,
      Consumer<String> progress) {
    Map<String, ShadowRules> out = new LinkedHashMap<>();
    for (MonitorSpec s : specs) {
      if (s.shadow().isEmpty()) {
        continue;
      }
      MonitorSpec.Shadow shadow = s.shadow().get();
      String id = s.modelId().value();
      RegistryRecords.Model m = models.get(id);
      String champion =
          m != null && m.championVersion() != null ? m.championVersion() : shadow.champion();
      if (champion == null) {
        progress.accept(
            "shadow mode: "
                + id
                + " has no champion (no PRODUCTION version in the registry and no"
                + " shadow.champion in its spec): its versions are not compared");
        continue;
      }
      // The versions that moved to PRODUCTION, in the trail's order, with the day each took effect.
      List<String> promotedVersions = new ArrayList<>();
      List<LocalDate> promotedDays = new ArrayList<>();
      for (RegistryRecords.Event e : events) {
        if (id.equals(e.modelId())
            && e.version() != null
            && Stage.PRODUCTION.name().equals(e.toStage())
            && (e.is(EventType.TRANSITIONED) || e.is(EventType.OVERRIDDEN))) {
          promotedVersions.add(e.version());
          promotedDays.add(TransitionAction.effectiveDay(e));
        }
      }
      String watched = null;
      long from = 0;
      long until = 0;
      int last = promotedVersions.size() - 1;
      if (last >= 1 && promotedVersions.get(last).equals(champion)) {
        for (int i = last - 1; i >= 0 && watched == null; i--) {
          if (!promotedVersions.get(i).equals(champion)) {
            watched = promotedVersions.get(i);
          }
        }
        LocalDate day = promotedDays.get(last);
        from = micros(day);
        until = micros(day.plusDays(shadow.watchNights()));
      }
      out.put(id, new ShadowRules(champion, watched, from, until, shadow.thresholds()));
    }
    return out;
  }

  private static long micros(LocalDate day) {
    return ChronoUnit.MICROS.between(
        java.time.Instant.EPOCH, day.atStartOfDay(ZoneOffset.UTC).toInstant());
  }
}
