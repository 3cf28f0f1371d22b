package io.steward.jobs.nightly;

import io.steward.common.errors.Errors;
import io.steward.common.errors.StewardException;
import io.steward.common.metrics.window.Rejection;
import io.steward.common.spec.MonitorSpec;
import io.steward.common.spec.TableRef;
import io.steward.jobs.StewardContext;
import io.steward.jobs.monitor.SpecSchemaCheck;
import io.steward.jobs.scan.ModelColumns;
import io.steward.jobs.scan.ShadowRules;
import io.steward.registry.store.BaselineStore;
import io.steward.registry.store.MonitorStore;
import io.steward.registry.store.Registry;
import io.steward.registry.store.RegistryRecords;
import io.steward.registry.store.SourceTables;
import io.steward.registry.warehouse.ConcurrentJobs;
import io.steward.registry.warehouse.Migrations;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What a nightly run reads, resolved and checked before anything is written: the models, their
 * baselines (covering every monitored feature), each log table's scans at its latest Delta version
 * (schemas checked against every spec) and each labelled model's labels table. Driver only: small
 * independent Delta reads, done at once.
 *
 * @param models the models of the run
 * @param scans the log table scans, models sharing the read columns of a table sharing a scan
 * @param labels each labelled model's labels table, by model id
 * @param tables how many source tables (logs and labels) were read
 * @param shadows the settled rules of the models in shadow mode that have a champion, by model id
 * @param shadowMode whether any model of the run is in shadow mode (its spec has a shadow block)
 * @param skipped the models asked for but left out of the run because a source table of theirs
 *     could not be read ({@link Rejection#SOURCE_UNREADABLE}) or no longer has a column of their
 *     spec with a usable type ({@link Rejection#SOURCE_SCHEMA_CHANGED}); not in {@code models}
 */
record NightlySources(
    List<String> models,
    Map<String, BaselineStore.Stored> baselines,
    List<LogScan> scans,
    Map<String, LabelsRead> labels,
    int tables,
    Map<String, ShadowRules> shadows,
    boolean shadowMode,
    List<Skipped> skipped) {

  NightlySources {
    models = List.copyOf(models);
    scans = List.copyOf(scans);
    shadows = Map.copyOf(shadows);
    skipped = List.copyOf(skipped);
  }

  /**
   * A model left out of the run, why, and the one-line user error that says what is wrong and how
   * to fix it.
   */
  record Skipped(String modelId, Rejection reason, StewardException error) {
    /** The line the run prints and records for this model. */
    String line() {
      return "model "
          + modelId
          + " skipped ("
          + reason.reason()
          + "): "
          + error.getMessage()
          + "; then rerun the night with --model "
          + modelId;
    }
  }

  /**
   * Reads the registry and the source tables. Registry rows are small data (see
   * StewardSpark.smallData); the prediction logs and labels are read in the command's own session.
   *
   * @param asked the models asked for; every active monitor when empty
   */
  static NightlySources read(StewardContext ctx, StewardContext small, List<String> asked) {
    Map<String, MonitorStore.Registered> monitors =
        ConcurrentJobs.<Map<String, MonitorStore.Registered>>all(
                small.spark(),
                "reading the registry",
                List.of(
                    () -> {
                      Migrations.requireCurrent(small.spark(), small.warehouse());
                      return null;
                    },
                    () -> MonitorStore.active(small.spark(), small.warehouse())))
            .get(1);
    List<String> models = asked.isEmpty() ? new ArrayList<>(monitors.keySet()) : asked;
    if (models.isEmpty()) {
      throw Errors.noMonitors();
    }
    for (String m : models) {
      if (!monitors.containsKey(m)) {
        throw Errors.unknownModel(m, monitors.keySet());
      }
    }
    Map<String, TableRef> sources = new LinkedHashMap<>();
    for (String m : models) {
      MonitorSpec s = monitors.get(m).spec();
      sources.putIfAbsent(s.predictions().table().sql(), s.predictions().table());
      s.labels().ifPresent(l -> sources.putIfAbsent(l.table().sql(), l.table()));
      s.shadow().map(MonitorSpec.Shadow::table).ifPresent(t -> sources.putIfAbsent(t.sql(), t));
    }
    List<MonitorSpec> shadowed =
        models.stream()
            .map(m -> monitors.get(m).spec())
            .filter(s -> s.shadow().isPresent())
            .toList();
    List<Callable<Object>> reads = new ArrayList<>();
    reads.add(() -> checkedBaselines(small, models, monitors));
    // Shadow mode's champions and watches come from the registry; other runs do not read it here.
    Registry registry = new Registry(small.spark(), small.warehouse());
    reads.add(() -> shadowed.isEmpty() ? List.of() : registry.events());
    for (TableRef t : sources.values()) {
      // A table that cannot be read (dropped, moved) skips its models, not the whole run.
      reads.add(
          () -> {
            try {
              return SourceTables.readLatest(ctx.spark(), t);
            } catch (StewardException e) {
              return e;
            }
          });
    }
    List<Object> read = ConcurrentJobs.all(ctx.spark(), "reading the registry", reads);
    @SuppressWarnings("unchecked")
    Map<String, BaselineStore.Stored> baselines = (Map<String, BaselineStore.Stored>) read.get(0);
    @SuppressWarnings("unchecked")
    Map<String, ShadowRules> shadows =
        ShadowChampions.resolve(shadowed, (List<RegistryRecords.Event>) read.get(1), ctx::progress);
    Map<String, SourceTables.Read> tables = new LinkedHashMap<>();
    Map<String, StewardException> unreadable = new LinkedHashMap<>();
    int i = 2;
    for (String t : sources.keySet()) {
      Object r = read.get(i++);
      if (r instanceof StewardException e) {
        unreadable.put(t, e);
      } else {
        tables.put(t, (SourceTables.Read) r);
      }
    }
    List<Skipped> skipped = new ArrayList<>();
    for (String m : models) {
      MonitorSpec s = monitors.get(m).spec();
      unreadable.entrySet().stream()
          .filter(e -> sourcesOf(s).contains(e.getKey()))
          .findFirst()
          .ifPresent(e -> skipped.add(new Skipped(m, Rejection.SOURCE_UNREADABLE, e.getValue())));
      if (skipped.stream().noneMatch(x -> x.modelId().equals(m))) {
        try {
          checkSchemas(s, tables);
        } catch (StewardException e) {
          skipped.add(new Skipped(m, Rejection.SOURCE_SCHEMA_CHANGED, e));
        }
      }
    }
    List<String> kept = new ArrayList<>(models);
    skipped.forEach(x -> kept.remove(x.modelId()));
    if (kept.isEmpty()) {
      // Nothing left to run: the first model's problem is the run's error, as for one model.
      throw skipped.get(0).error();
    }
    return new NightlySources(
        kept,
        baselines,
        scans(kept, monitors, tables),
        labels(kept, monitors, tables),
        tables.size(),
        shadows,
        kept.stream().anyMatch(m -> monitors.get(m).spec().shadow().isPresent()),
        skipped);
  }

  /** The source tables a spec reads, by their SQL names. */
  private static List<String> sourcesOf(MonitorSpec s) {
    List<String> out = new ArrayList<>();
    out.add(s.predictions().table().sql());
    s.labels().ifPresent(l -> out.add(l.table().sql()));
    s.shadow().map(MonitorSpec.Shadow::table).ifPresent(t -> out.add(t.sql()));
    return out;
  }

  /** Checks every table a spec reads against it; the first problem is thrown. */
  private static void checkSchemas(MonitorSpec s, Map<String, SourceTables.Read> tables) {
    SpecSchemaCheck.checkPredictions(s, tables.get(s.predictions().table().sql()).rows().schema());
    TableRef shadow = s.shadow().map(MonitorSpec.Shadow::table).orElse(null);
    if (shadow != null) {
      SpecSchemaCheck.checkPredictions(s, tables.get(shadow.sql()).rows().schema());
    }
    if (s.labels().isPresent()) {
      SpecSchemaCheck.checkLabels(s, tables.get(s.labels().get().table().sql()).rows().schema());
    }
  }

  /** Every model's baseline, checked to cover the features its spec monitors. */
  private static Map<String, BaselineStore.Stored> checkedBaselines(
      StewardContext ctx, List<String> models, Map<String, MonitorStore.Registered> monitors) {
    Map<String, BaselineStore.Stored> baselines =
        BaselineStore.load(ctx.spark(), ctx.warehouse(), models);
    for (String m : models) {
      BaselineStore.Stored b = baselines.get(m);
      if (b == null) {
        throw Errors.noBaseline(m);
      }
      for (String f : ModelColumns.all(monitors.get(m).spec(), false).keySet()) {
        if (b.baseline().feature(f) == null) {
          throw Errors.staleBaseline(m, f);
        }
      }
    }
    return baselines;
  }

  /** Groups the models by log table and resolves versions (schemas are checked already). */
  private static List<LogScan> scans(
      List<String> models,
      Map<String, MonitorStore.Registered> monitors,
      Map<String, SourceTables.Read> tables) {
    Map<LogScan.Key, List<MonitorSpec>> groups = new LinkedHashMap<>();
    for (String m : models) {
      MonitorSpec s = monitors.get(m).spec();
      MonitorSpec.Predictions p = s.predictions();
      LogScan.Key key =
          new LogScan.Key(p.table().sql(), p.timestamp(), p.modelIdColumn(), p.modelVersion());
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
    }
    List<LogScan> scans = new ArrayList<>();
    for (Map.Entry<LogScan.Key, List<MonitorSpec>> g : groups.entrySet()) {
      MonitorSpec first = g.getValue().get(0);
      SourceTables.Read read = tables.get(first.predictions().table().sql());
      // Challengers logged to a table of their own (shadow.table) are read in the same scan.
      Dataset<Row> rows = read.rows();
      Map<String, SourceTables.Read> shadowTables = new LinkedHashMap<>();
      for (MonitorSpec s : g.getValue()) {
        TableRef t = s.shadow().map(MonitorSpec.Shadow::table).orElse(null);
        if (t == null || t.sql().equals(first.predictions().table().sql())) {
          continue;
        }
        SourceTables.Read shadow = tables.get(t.sql());
        if (shadowTables.putIfAbsent(t.sql(), shadow) == null) {
          rows = rows.unionByName(shadow.rows(), true);
        }
      }
      scans.add(new LogScan(g.getKey(), read.version(), rows, g.getValue(), shadowTables));
    }
    return scans;
  }

  /** Resolves and checks each labelled model's labels table, by model id. */
  private static Map<String, LabelsRead> labels(
      List<String> models,
      Map<String, MonitorStore.Registered> monitors,
      Map<String, SourceTables.Read> tables) {
    Map<String, LabelsRead> byTable = new LinkedHashMap<>();
    Map<String, LabelsRead> byModel = new LinkedHashMap<>();
    for (String m : models) {
      MonitorSpec s = monitors.get(m).spec();
      if (s.labels().isEmpty()) {
        continue;
      }
      TableRef table = s.labels().get().table();
      LabelsRead read =
          byTable.computeIfAbsent(
              table.sql(),
              k -> {
                SourceTables.Read latest = tables.get(table.sql());
                return new LabelsRead(table, latest.version(), latest.rows());
              });
      byModel.put(m, read);
    }
    return byModel;
  }
}
