package io.steward.jobs.monitor;

import io.steward.common.domain.RiskTier;
import io.steward.common.errors.Errors;
import io.steward.common.lifecycle.GatePolicyParser;
import io.steward.common.spec.MonitorSpec;
import io.steward.common.spec.MonitorSpecParser;
import io.steward.jobs.StewardContext;
import io.steward.jobs.decisions.DecisionsAction;
import io.steward.jobs.registry.ConfigurationChanges;
import io.steward.registry.store.MonitorStore;
import io.steward.registry.store.Registry;
import io.steward.registry.store.RegistryRecords;
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
    checkThresholds(ctx, spec, specFile.getFileName().toString());
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
    String source = specFile.toAbsolutePath().toString();
    MonitorStore.Registration r =
        MonitorStore.registration(ctx.spark(), ctx.warehouse(), spec, source, ctx.user());
    ConfigurationChanges.registerMonitor(ctx, spec.modelId().value(), source, r);
    return new Result(spec, r);
  }

  /**
   * Resolves the spec's thresholds over the policy in force for the model's risk tier (the tier
   * {@link DecisionsAction#UNREGISTERED_TIER} for a model not in the registry), so that a level
   * that conflicts with the policy's is refused now rather than at the next night.
   */
  private static void checkThresholds(StewardContext ctx, MonitorSpec spec, String source) {
    Registry registry = new Registry(ctx.spark(), ctx.warehouse());
    RegistryRecords.Model m = registry.models().get(spec.modelId().value());
    RiskTier tier = m == null ? DecisionsAction.UNREGISTERED_TIER : RiskTier.parse(m.riskTier());
    GatePolicyParser.parse("in steward.policies", registry.policyYaml())
        .thresholds()
        .resolve(tier, spec.thresholds(), source);
  }
}
