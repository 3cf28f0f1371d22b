package io.steward.jobs.action;

import io.steward.common.errors.Errors;
import io.steward.common.spec.MonitorSpec;
import io.steward.common.spec.MonitorSpecParser;
import io.steward.common.spec.SpecSchemaCheck;
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
    long logVersion = SourceTables.latestVersion(ctx.spark(), p.table());
    SpecSchemaCheck.checkPredictions(
        spec, SourceTables.readAt(ctx.spark(), p.table(), logVersion).schema());
    if (spec.labels().isPresent()) {
      SourceTables.latestVersion(ctx.spark(), spec.labels().get().table());
    }
    MonitorSpec.Baseline b = spec.baseline();
    long snapshotVersion =
        b.version() != null ? b.version() : SourceTables.latestVersion(ctx.spark(), b.table());
    SpecSchemaCheck.checkBaseline(
        spec, SourceTables.readAt(ctx.spark(), b.table(), snapshotVersion).schema());
    MonitorStore.Registration r =
        MonitorStore.register(
            ctx.spark(), ctx.warehouse(), spec, specFile.toAbsolutePath().toString(), ctx.user());
    return new Result(spec, r);
  }
}
