package io.steward.jobs.monitor;

import io.steward.common.errors.Errors;
import io.steward.common.spec.MonitorSpec;
import io.steward.common.spec.MonitorSpecParser;
import io.steward.jobs.StewardContext;
import io.steward.registry.store.MonitorStore;
import io.steward.registry.store.SourceTables;
import io.steward.registry.warehouse.Migrations;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Validates a monitor spec (its YAML, then its columns against the prediction log and the training
 * snapshot) and stores it. Driver only: the tables' schemas and latest versions are read, no data.
 */
public final class RegisterMonitorAction {
  private RegisterMonitorAction() {}

  public record Result(MonitorSpec spec, MonitorStore.Registration registration) {}

  public static Result run(StewardContext ctx, Path specFile) {
    Migrations.requireCurrent(ctx.spark(), ctx.warehouse());
    String yaml;
    try {
      yaml = Files.readString(specFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw Errors.fileUnreadable(specFile.toString(), e.toString());
    }
    MonitorSpec spec = MonitorSpecParser.parse(specFile.getFileName().toString(), yaml);
    MonitorSpec.Predictions p = spec.predictions();
    SourceTables.Read log = SourceTables.readLatest(ctx.spark(), p.table());
    long logVersion = log.version();
    SpecSchemaCheck.checkPredictions(spec, log.rows().schema());
    if (spec.labels().isPresent()) {
      SourceTables.latestVersion(ctx.spark(), spec.labels().get().table());
    }
    MonitorSpec.Baseline b = spec.baseline();
    SourceTables.Read snapshot = SourceTables.readPinned(ctx.spark(), b.table(), b.version());
    long snapshotVersion = snapshot.version();
    SpecSchemaCheck.checkBaseline(spec, snapshot.rows().schema());
    MonitorStore.Registration r =
        MonitorStore.register(
            ctx.spark(), ctx.warehouse(), spec, specFile.toAbsolutePath().toString(), ctx.user());
    return new Result(spec, r);
  }
}
