package io.steward.jobs.audit;

import io.steward.common.domain.EventType;
import io.steward.common.domain.Granularity;
import io.steward.common.domain.RiskTier;
import io.steward.common.domain.StewardVersion;
import io.steward.common.errors.Errors;
import io.steward.common.errors.StewardException;
import io.steward.common.lifecycle.GatePolicyParser;
import io.steward.common.spec.MonitorSpec;
import io.steward.common.spec.TableRef;
import io.steward.common.triggers.AuditFindings;
import io.steward.common.triggers.ModelFacts;
import io.steward.common.triggers.Traffic;
import io.steward.common.triggers.Trigger;
import io.steward.common.triggers.TriggerKind;
import io.steward.common.triggers.TriggerLifecycle;
import io.steward.common.triggers.VersionKey;
import io.steward.jobs.StewardContext;
import io.steward.jobs.notify.Announcer;
import io.steward.jobs.registry.TriggerRecords;
import io.steward.registry.store.EventLog;
import io.steward.registry.store.JobRun;
import io.steward.registry.store.JobRunStore;
import io.steward.registry.store.MonitorStore;
import io.steward.registry.store.Registry;
import io.steward.registry.store.RegistryRecords;
import io.steward.registry.store.SourceTables;
import io.steward.registry.store.TriggerStore;
import io.steward.registry.warehouse.Identity;
import io.steward.registry.warehouse.Migrations;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The inventory audit: reconciles the traffic of every registered log table (and of the tables
 * named) in the look-back window with the registry, raises and actions ZOMBIE and UNREGISTERED
 * triggers, escalates any OPEN trigger past its due date, and reports on the portfolio.
 *
 * <p>On the executors: one aggregate per log table over the window's rows ({@link TrafficScan}). On
 * the driver: the registry reads, the lineage checks (Delta histories, never rows), the rules, and
 * the writes: the audit's {@code job_runs} row, one commit of lifecycle events (each trigger raised
 * or actioned, by the identity running the audit) and then one commit of the changed triggers.
 */
public final class AuditAction {
  private AuditAction() {}

  /** The audited kinds; the nightly rules' kinds are only escalated here. */
  static final Set<TriggerKind> KINDS = Set.of(TriggerKind.ZOMBIE, TriggerKind.UNREGISTERED);

  /**
   * @param asOf the audit's day: the window ends with it, due dates count from it
   * @param lookbackDays how many days up to {@code asOf} the traffic is read for
   * @param scanTables further log tables to read, by name or path
   */
  public record Params(LocalDate asOf, int lookbackDays, List<String> scanTables) {
    public Params {
      if (asOf == null) {
        throw new IllegalArgumentException("an audit needs its day");
      }
      if (lookbackDays < 1) {
        throw Errors.badArgument(
            "--lookback-days", lookbackDays, "a whole number of days, 1 or more");
      }
      scanTables = List.copyOf(scanTables);
    }
  }

  /** The report, and whether the audit raised or escalated anything. */
  public record Result(AuditReport report) {
    public boolean raisedAnything() {
      return !report.raised().isEmpty() || !report.escalated().isEmpty();
    }
  }

  public static Result run(StewardContext ctx, Params p) {
    StewardContext small = ctx.smallData();
    Migrations.requireCurrent(small.spark(), small.warehouse());
    TrafficScan.Window window =
        new TrafficScan.Window(p.asOf().minusDays(p.lookbackDays() - 1L), p.asOf());
    Registry registry = new Registry(small.spark(), small.warehouse());
    registry.begin();
    Portfolio portfolio = Portfolio.read(small, registry);
    Map<LogTable, SourceTables.Read> logs = logTables(ctx, portfolio, p.scanTables());
    JobRun run =
        JobRun.builder(UUID.randomUUID().toString(), "audit", Instant.now())
            .models(List.copyOf(portfolio.models().keySet()))
            .window(Granularity.DAY, window.start(), window.end())
            .message("auditing the traffic of " + window + " against the registry")
            .ranBy(ctx.user(), Identity.host(), StewardVersion.get())
            .build();
    JobRunStore.start(small.spark(), small.warehouse(), run);
    try {
      Result r = audit(ctx, small, registry, portfolio, logs, window, p, run);
      List<JobRun.Input> inputs = new ArrayList<>();
      long rows = 0;
      for (AuditReport.Scanned s : r.report().tables()) {
        inputs.add(new JobRun.Input(s.table(), s.deltaVersion(), s.rows(), 1, "predictions"));
        rows += s.rows();
      }
      JobRunStore.finish(
          small.spark(),
          small.warehouse(),
          run.succeeded(inputs, rows, AuditSummary.line(r.report()), List.of(), Instant.now()));
      return r;
    } catch (RuntimeException e) {
      JobRunStore.finish(
          small.spark(), small.warehouse(), run.failed("failed", String.valueOf(e), Instant.now()));
      throw e;
    }
  }

  private static Result audit(
      StewardContext ctx,
      StewardContext small,
      Registry registry,
      Portfolio portfolio,
      Map<LogTable, SourceTables.Read> logs,
      TrafficScan.Window window,
      Params p,
      JobRun run) {
    List<RegistryRecords.Event> trail = registry.events();
    String broken = EventLog.verify(trail);
    if (broken != null) {
      throw new TrailBroken(broken);
    }
    ctx.progress("audit: trail intact, " + trail.size() + " events, hash chain verified");
    List<TrafficScan.TableTraffic> scanned = new ArrayList<>();
    Map<VersionKey, Traffic> traffic = new LinkedHashMap<>();
    for (Map.Entry<LogTable, SourceTables.Read> e : logs.entrySet()) {
      TrafficScan.TableTraffic t = TrafficScan.scan(ctx.spark(), e.getKey(), e.getValue(), window);
      ctx.progress(
          "audit: "
              + e.getKey().table().sql()
              + " at version "
              + t.deltaVersion()
              + ": "
              + t.rows()
              + " rows of "
              + t.traffic().size()
              + " model version(s) in "
              + window);
      scanned.add(t);
      for (Traffic x : t.traffic()) {
        traffic.merge(x.subject(), x, AuditAction::sum);
      }
    }
    Map<String, ModelFacts> facts =
        portfolio.facts(traffic.keySet(), new LineageCheck(small.spark()));
    AuditFindings findings = AuditFindings.of(List.copyOf(traffic.values()), facts, p.asOf());
    Instant now = Instant.now();
    TriggerLifecycle.Changes changes =
        TriggerLifecycle.apply(
            portfolio.triggers(),
            findings.findings(),
            new TriggerLifecycle.Run(p.asOf(), now, ctx.user(), run.runId()),
            KINDS,
            TriggerLifecycle.auditAnswers(
                findings, portfolio.models().keySet(), portfolio.registeredVersions()));
    List<RegistryRecords.NewEvent> events = new ArrayList<>();
    for (Trigger t : changes.raised()) {
      events.add(TriggerRecords.event(ctx.user(), EventType.TRIGGER_RAISED, t, t.evidence()));
    }
    for (Trigger t : changes.actioned()) {
      events.add(TriggerRecords.event(ctx.user(), EventType.TRIGGER_ACTIONED, t, t.closeReason()));
    }
    if (!events.isEmpty()) {
      // The events and the trigger rows they change: one change on the trail.
      registry.commit(events, TriggerStore.rows(changes.all()));
    } else {
      TriggerStore.save(small.spark(), small.warehouse(), changes.all());
    }
    List<Trigger> after = new ArrayList<>(portfolio.triggers());
    for (Trigger t : changes.all()) {
      after.removeIf(x -> x.triggerId().equals(t.triggerId()));
      after.add(t);
    }
    Set<String> announce = new HashSet<>();
    changes.raised().forEach(t -> announce.add(t.triggerId()));
    changes.escalated().forEach(t -> announce.add(t.triggerId()));
    Map<String, RiskTier> tiers = new HashMap<>();
    portfolio.models().forEach((id, m) -> tiers.put(id, RiskTier.parse(m.riskTier())));
    Announcer.run(
        small,
        GatePolicyParser.parse("in steward.policies", registry.policyYaml()).notifications(),
        List.of(),
        Set.of(),
        after,
        announce,
        tiers);
    return new Result(
        ReportBuilder.build(
            p.asOf(),
            window.toString(),
            run.runId(),
            scanned,
            portfolio,
            traffic,
            findings,
            after,
            changes,
            trail.size(),
            now));
  }

  private static Traffic sum(Traffic a, Traffic b) {
    List<String> tables = new ArrayList<>(a.tables());
    b.tables().stream().filter(x -> !tables.contains(x)).forEach(tables::add);
    return new Traffic(
        a.subject(),
        a.rows() + b.rows(),
        a.lastEvent().isAfter(b.lastEvent()) ? a.lastEvent() : b.lastEvent(),
        tables);
  }

  /**
   * The registered log tables (one per table however many monitors share it, read with the first
   * monitor's columns) and the named ones, each resolved at its latest Delta version before
   * anything is written: a named table that cannot be read, or lacks the columns, is a user error.
   */
  private static Map<LogTable, SourceTables.Read> logTables(
      StewardContext ctx, Portfolio portfolio, List<String> named) {
    Map<String, LogTable> byTable = new LinkedHashMap<>();
    for (MonitorStore.Registered r : portfolio.monitors().values()) {
      MonitorSpec.Predictions pr = r.spec().predictions();
      byTable.putIfAbsent(
          pr.table().sql(),
          new LogTable(
              pr.table(),
              pr.timestamp(),
              pr.modelIdColumn(),
              pr.modelIdColumn() == null ? r.spec().modelId().value() : null,
              pr.modelVersion(),
              false));
    }
    LogTable pattern =
        byTable.values().stream().filter(l -> l.modelIdColumn() != null).findFirst().orElse(null);
    Map<LogTable, SourceTables.Read> out = new LinkedHashMap<>();
    for (LogTable l : byTable.values()) {
      out.put(l, SourceTables.readLatest(ctx.spark(), l.table()));
    }
    for (String name : named) {
      TableRef ref = TableRef.parse(name);
      if (ref == null) {
        throw Errors.scanTableUnreadable(name, "not a table name or path");
      }
      if (byTable.containsKey(ref.sql())) {
        continue;
      }
      SourceTables.Read read;
      try {
        read = SourceTables.readLatest(ctx.spark(), ref);
      } catch (StewardException e) {
        throw Errors.scanTableUnreadable(ref.sql(), e.getMessage());
      }
      LogTable l =
          new LogTable(
              ref,
              pattern == null ? "event_ts" : pattern.timestamp(),
              pattern == null ? "model_id" : pattern.modelIdColumn(),
              null,
              pattern == null ? "model_version" : pattern.versionColumn(),
              true);
      List<String> columns = Arrays.asList(read.rows().columns());
      List<String> missing =
          Arrays.asList(l.timestamp(), l.modelIdColumn(), l.versionColumn()).stream()
              .filter(c -> c != null && !columns.contains(c))
              .toList();
      if (!missing.isEmpty()) {
        throw Errors.scanTableColumns(ref.sql(), missing, columns);
      }
      byTable.put(ref.sql(), l);
      out.put(l, read);
    }
    return out;
  }
}
