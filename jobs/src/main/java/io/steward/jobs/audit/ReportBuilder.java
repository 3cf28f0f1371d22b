package io.steward.jobs.audit;

import io.steward.common.domain.RiskTier;
import io.steward.common.domain.Stage;
import io.steward.common.triggers.AuditFindings;
import io.steward.common.triggers.Maturity;
import io.steward.common.triggers.Traffic;
import io.steward.common.triggers.Trigger;
import io.steward.common.triggers.TriggerLifecycle;
import io.steward.common.triggers.TriggerStatus;
import io.steward.common.triggers.VersionKey;
import io.steward.common.triggers.ZombieReason;
import io.steward.common.triggers.ZombieRules;
import io.steward.registry.store.OpenAlerts;
import io.steward.registry.store.RegistryRecords;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Builds the {@link AuditReport} from what the audit read and decided. Driver only. */
final class ReportBuilder {
  private ReportBuilder() {}

  static AuditReport build(
      LocalDate asOf,
      String window,
      String runId,
      List<TrafficScan.TableTraffic> scanned,
      Portfolio portfolio,
      Map<VersionKey, Traffic> traffic,
      AuditFindings findings,
      List<Trigger> triggers,
      TriggerLifecycle.Changes changes,
      long trailEvents,
      Instant now) {
    List<AuditReport.Scanned> tables =
        scanned.stream()
            .map(
                t ->
                    new AuditReport.Scanned(
                        t.log().table().sql(), t.deltaVersion(), t.rows(), t.log().named()))
            .toList();
    Map<String, Map<String, Integer>> stages = new LinkedHashMap<>();
    for (Stage s : Stage.values()) {
      Map<String, Integer> byTier = new LinkedHashMap<>();
      for (RiskTier tier : RiskTier.values()) {
        int n =
            (int)
                portfolio.models().values().stream()
                    .filter(m -> m.stage().equals(s.name()) && m.riskTier().equals(tier.name()))
                    .count();
        if (n > 0) {
          byTier.put(tier.name(), n);
        }
      }
      if (!byTier.isEmpty()) {
        stages.put(s.name(), byTier);
      }
    }
    Map<String, Long> rowsByModel = new TreeMap<>();
    traffic.values().forEach(t -> rowsByModel.merge(t.subject().modelId(), t.rows(), Long::sum));
    Map<String, Long> openByModel = new TreeMap<>();
    triggers.stream()
        .filter(t -> t.status() == TriggerStatus.OPEN)
        .forEach(t -> openByModel.merge(t.modelId(), 1L, Long::sum));
    List<AuditReport.ModelLine> models = new ArrayList<>();
    for (RegistryRecords.Model m : portfolio.models().values()) {
      LocalDate night = portfolio.lastNights().get(m.modelId());
      boolean monitored = portfolio.monitors().containsKey(m.modelId());
      String coverage =
          !monitored
              ? "none"
              : night != null && !night.isBefore(asOf.minusDays(ZombieRules.RECENT_RUN_DAYS))
                  ? "monitored"
                  : "stale";
      OpenAlerts.Count alerts = portfolio.openAlerts().get(m.modelId());
      models.add(
          new AuditReport.ModelLine(
              m.modelId(),
              m.stage(),
              m.riskTier(),
              m.owner(),
              rowsByModel.getOrDefault(m.modelId(), 0L),
              coverage,
              night,
              alerts == null ? 0 : alerts.open(),
              openByModel.getOrDefault(m.modelId(), 0L)));
    }
    for (Map.Entry<String, Long> e : rowsByModel.entrySet()) {
      if (!portfolio.models().containsKey(e.getKey())) {
        models.add(
            new AuditReport.ModelLine(
                e.getKey(),
                "-",
                "-",
                "-",
                e.getValue(),
                "unregistered",
                null,
                0,
                openByModel.getOrDefault(e.getKey(), 0L)));
      }
    }
    List<AuditReport.Zombie> zombies = new ArrayList<>();
    findings.zombies().entrySet().stream()
        .sorted(Comparator.comparing(e -> e.getKey().toString()))
        .forEach(
            e ->
                zombies.add(
                    new AuditReport.Zombie(
                        e.getKey().modelId(),
                        e.getKey().version(),
                        e.getValue().stream().map(ZombieReason::name).sorted().toList())));
    Map<String, List<AuditReport.TriggerLine>> byOwner = new TreeMap<>();
    List<AuditReport.TriggerLine> escalatedOpen = new ArrayList<>();
    for (Trigger t : triggers) {
      if (t.status() == TriggerStatus.OPEN) {
        AuditReport.TriggerLine line = line(t, now, t.evidence());
        byOwner
            .computeIfAbsent(t.owner() == null ? "-" : t.owner(), k -> new ArrayList<>())
            .add(line);
        if (t.escalated()) {
          escalatedOpen.add(line);
        }
      }
    }
    return new AuditReport(
        asOf,
        window,
        runId,
        trailEvents,
        tables,
        stages,
        models,
        zombies,
        byOwner,
        escalatedOpen,
        score(asOf, portfolio, traffic, findings, triggers, models),
        changes.raised().stream().map(t -> line(t, now, t.evidence())).toList(),
        changes.escalated().stream().map(t -> line(t, now, t.evidence())).toList(),
        changes.actioned().stream().map(t -> line(t, now, t.closeReason())).toList());
  }

  private static AuditReport.TriggerLine line(Trigger t, Instant now, String note) {
    return new AuditReport.TriggerLine(
        t.triggerId(),
        t.modelId(),
        t.modelVersion(),
        t.kind().name(),
        t.reason(),
        t.owner(),
        t.ageDays(now),
        t.dueDate(),
        t.escalated(),
        t.status().name(),
        note);
  }

  private static AuditReport.Score score(
      LocalDate asOf,
      Portfolio portfolio,
      Map<VersionKey, Traffic> traffic,
      AuditFindings findings,
      List<Trigger> triggers,
      List<AuditReport.ModelLine> models) {
    Set<VersionKey> registered = portfolio.registeredVersions();
    int registeredServing = 0;
    for (VersionKey k : traffic.keySet()) {
      boolean known =
          k.version() == null
              ? portfolio.models().containsKey(k.modelId())
              : registered.contains(k);
      registeredServing += known ? 1 : 0;
    }
    Set<String> deciding = new HashSet<>();
    findings.deciding().forEach(k -> deciding.add(k.modelId()));
    int monitoredRecently =
        (int)
            models.stream()
                .filter(m -> deciding.contains(m.modelId()) && m.coverage().equals("monitored"))
                .count();
    int tuned =
        (int) portfolio.monitors().keySet().stream().filter(portfolio::thresholdsTuned).count();
    int due = 0;
    int inTime = 0;
    for (Trigger t : triggers) {
      if (t.status() == TriggerStatus.ACTIONED) {
        due++;
        inTime += t.closedAt().atZone(ZoneOffset.UTC).toLocalDate().isAfter(t.dueDate()) ? 0 : 1;
      } else if (t.overdue(asOf)) {
        due++;
      }
    }
    int retired = 0;
    int quiet = 0;
    for (RegistryRecords.Model m : portfolio.models().values()) {
      for (RegistryRecords.Version v : portfolio.versions().getOrDefault(m.modelId(), List.of())) {
        if (ZombieRules.servingStage(Stage.valueOf(m.stage()), Stage.valueOf(v.stage()))
            == Stage.RETIRED) {
          retired++;
          quiet += traffic.containsKey(new VersionKey(m.modelId(), v.version())) ? 0 : 1;
        }
      }
    }
    Maturity m =
        Maturity.score(
            new Maturity.Counts(
                traffic.size(),
                registeredServing,
                deciding.size(),
                monitoredRecently,
                portfolio.monitors().size(),
                tuned,
                due,
                inTime,
                retired,
                quiet));
    return new AuditReport.Score(
        m.level().number(),
        m.level().name(),
        m.subScores().stream()
            .map(
                s ->
                    new AuditReport.SubScore(
                        s.name(), s.level().name(), s.met(), s.of(), s.value()))
            .toList());
  }
}
