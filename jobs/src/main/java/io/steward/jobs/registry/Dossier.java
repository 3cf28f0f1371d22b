package io.steward.jobs.registry;

import io.steward.common.decisions.EpisodeStatus;
import io.steward.common.spec.TableRef;
import io.steward.common.triggers.Trigger;
import io.steward.common.triggers.TriggerStatus;
import io.steward.jobs.StewardContext;
import io.steward.registry.store.AlertStore;
import io.steward.registry.store.BaselineStore;
import io.steward.registry.store.EventLog;
import io.steward.registry.store.MonitorStore;
import io.steward.registry.store.Registry;
import io.steward.registry.store.RegistryRecords;
import io.steward.registry.store.ResultsStore;
import io.steward.registry.store.Retention;
import io.steward.registry.store.TrailKey;
import io.steward.registry.store.TriggerStore;
import io.steward.registry.warehouse.Migrations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * Everything the registry holds about one model: the dossier of a model risk review.
 *
 * @param openAlerts its alert episodes not RESOLVED, by first breach
 */
public record Dossier(
    RegistryRecords.Model model,
    List<RegistryRecords.Version> versions,
    List<RegistryRecords.Artifact> artifacts,
    List<RegistryRecords.Event> events,
    List<DriftPoint> drift,
    List<Trigger> openTriggers,
    List<AlertStore.Alert> openAlerts) {

  /** The worst PSI of a model version on one night, for the dossier's chart. */
  public record DriftPoint(String version, String night, String feature, double psi, String band) {}

  public static Dossier of(StewardContext ctx, String id) {
    return of(Governance.of(ctx), id);
  }

  public static Dossier of(Governance g, String id) {
    StewardContext ctx = g.ctx;
    RegistryRecords.Model m = g.existing(id);
    List<RegistryRecords.Event> events =
        g.registry.events().stream().filter(e -> id.equals(e.modelId())).toList();
    List<DriftPoint> drift =
        ResultsStore.worstDriftByNight(ctx.spark(), ctx.warehouse(), id).stream()
            .map(
                w ->
                    new DriftPoint(
                        w.version(), w.night().toString(), w.feature(), w.psi(), w.band()))
            .toList();
    List<Trigger> open =
        TriggerStore.list(
            ctx.spark(),
            ctx.warehouse(),
            new TriggerStore.Filter(id, null, TriggerStatus.OPEN, null));
    return new Dossier(
        m,
        g.registry.versions(id),
        g.registry.artifacts(id),
        events,
        drift,
        open,
        open(AlertStore.read(ctx.spark(), ctx.warehouse(), List.of(id))));
  }

  public static Map<String, RegistryRecords.Model> list(StewardContext ctx) {
    return Governance.of(ctx).registry.models();
  }

  /** How many OPEN triggers each model has; a model with none is absent. */
  public static Map<String, Long> openTriggers(StewardContext ctx) {
    Map<String, Long> counts = new HashMap<>();
    for (Trigger t :
        TriggerStore.list(
            ctx.spark(),
            ctx.warehouse(),
            new TriggerStore.Filter(null, null, TriggerStatus.OPEN, null))) {
      counts.merge(t.modelId(), 1L, Long::sum);
    }
    return counts;
  }

  /** Every model's alert episodes not RESOLVED, by model id. */
  public static Map<String, List<AlertStore.Alert>> openAlerts(StewardContext ctx) {
    Map<String, List<AlertStore.Alert>> out = new HashMap<>();
    for (AlertStore.Alert a : open(AlertStore.read(ctx.spark(), ctx.warehouse(), null))) {
      out.computeIfAbsent(a.modelId(), k -> new ArrayList<>()).add(a);
    }
    return out;
  }

  /**
   * The count of {@code open} alerts by severity, as {@code 2 (CRITICAL 1, WARN 1)}, or {@code 0}.
   */
  public static String bySeverity(List<AlertStore.Alert> open) {
    if (open.isEmpty()) {
      return "0";
    }
    Map<String, Long> counts = new TreeMap<>();
    open.forEach(a -> counts.merge(a.severity(), 1L, Long::sum));
    StringJoiner j = new StringJoiner(", ", open.size() + " (", ")");
    counts.forEach((severity, n) -> j.add(severity + " " + n));
    return j.toString();
  }

  private static List<AlertStore.Alert> open(List<AlertStore.Alert> alerts) {
    return alerts.stream().filter(a -> !EpisodeStatus.RESOLVED.name().equals(a.status())).toList();
  }

  /**
   * @return null when the trail is intact, else the first broken event
   */
  /**
   * What {@code verify-trail} found.
   *
   * @param broken the first event altered, removed or inserted out of band; null when intact
   * @param unlanded a recorded change whose rows have not all reached their tables; null if none
   */
  public record TrailCheck(
      String broken,
      int length,
      EventLog.Head head,
      String unlanded,
      long keyedFrom,
      long unverified,
      List<RegistryRecords.Event> events) {}

  /** How far ahead {@link #pinnedAtRisk} looks. */
  public static final Duration PINNED_WARNING = Duration.ofDays(30);

  /**
   * The source table versions that a live model version's lineage or a model's baseline is pinned
   * to and that may stop being readable within {@link #PINNED_WARNING} (a VACUUM or the log's
   * cleanup), or already have. The baseline's own figures are kept in {@code steward.baselines}, so
   * the nightly never needs the snapshot again; a review that wants to re-read the lineage does.
   */
  public static List<Retention.Pinned> pinnedAtRisk(StewardContext ctx) {
    Instant now = Instant.now();
    Map<String, List<String>> pinned = new TreeMap<>();
    Map<String, Object[]> where = new HashMap<>();
    Registry registry = new Registry(ctx.spark(), ctx.warehouse());
    for (List<RegistryRecords.Version> vs : registry.allVersions().values()) {
      for (RegistryRecords.Version v : vs) {
        if (!"RETIRED".equals(v.stage())) {
          String key = v.trainingTable() + "@" + v.trainingVersion();
          pinned
              .computeIfAbsent(key, k -> new ArrayList<>())
              .add("lineage of " + v.modelId() + " " + v.version());
          where.put(key, new Object[] {v.trainingTable(), v.trainingVersion()});
        }
      }
    }
    List<String> monitored =
        List.copyOf(MonitorStore.active(ctx.spark(), ctx.warehouse()).keySet());
    for (BaselineStore.Stored s :
        BaselineStore.load(ctx.spark(), ctx.warehouse(), monitored).values()) {
      String key = s.baseline().snapshotTable() + "@" + s.baseline().snapshotVersion();
      pinned
          .computeIfAbsent(key, k -> new ArrayList<>())
          .add("baseline of " + s.baseline().modelId());
      where.put(key, new Object[] {s.baseline().snapshotTable(), s.baseline().snapshotVersion()});
    }
    List<Retention.Pinned> out = new ArrayList<>();
    for (Map.Entry<String, List<String>> p : pinned.entrySet()) {
      Object[] w = where.get(p.getKey());
      Retention.Pinned r =
          Retention.pinned(
              ctx.spark(),
              String.join(", ", p.getValue()),
              TableRef.parse((String) w[0]),
              (Long) w[1],
              now);
      if (r.unreadable() != null || r.atRisk().isBefore(now.plus(PINNED_WARNING))) {
        out.add(r);
      }
    }
    return out;
  }

  /** Recomputes the chain and looks whether the last recorded change reached its tables. Reads. */
  public static TrailCheck verifyTrail(StewardContext ctx) {
    Migrations.requireCurrent(ctx.spark(), ctx.warehouse());
    List<RegistryRecords.Event> events = EventLog.all(ctx.spark(), ctx.warehouse());
    EventLog.Check check = EventLog.check(events, TrailKey.configured());
    String broken = check.broken();
    return new TrailCheck(
        broken,
        events.size(),
        EventLog.Head.of(events),
        broken == null ? Registry.unlanded(ctx.spark(), ctx.warehouse()) : null,
        check.keyedFrom(),
        check.unverified(),
        events);
  }
}
