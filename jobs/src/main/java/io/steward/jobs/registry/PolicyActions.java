package io.steward.jobs.registry;

import io.steward.common.domain.EventType;
import io.steward.common.domain.Role;
import io.steward.common.errors.Errors;
import io.steward.common.lifecycle.GatePolicy;
import io.steward.common.lifecycle.GatePolicyParser;
import io.steward.jobs.StewardContext;
import io.steward.registry.store.RegistryRecords;
import io.steward.registry.store.Retention;
import io.steward.registry.tables.TableDef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The gate policy in force: the defaults, or a file a PLATFORM_ADMIN set. */
public final class PolicyActions {
  private PolicyActions() {}

  public static GatePolicy set(StewardContext ctx, Path file) {
    return set(Governance.of(ctx), file);
  }

  public static GatePolicy set(Governance g, Path file) {
    RegistryRecords.NewEvent attempt =
        new RegistryRecords.NewEvent(
            g.actor, EventType.POLICY_SET, null, null, null, null, file.toString(), null);
    if (!g.has(g.actor, Role.PLATFORM_ADMIN)) {
      throw g.refuse(
          attempt, Errors.notPermitted(g.actor, "set the gate policy", "the PLATFORM_ADMIN role"));
    }
    String yaml;
    try {
      yaml = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw Errors.fileUnreadable(file.toString(), e.toString());
    }
    GatePolicy policy = GatePolicyParser.parse(file.getFileName().toString(), yaml);
    g.commit(
        new RegistryRecords.NewEvent(
            g.actor, EventType.POLICY_SET, null, null, null, null, file.toString(), yaml),
        g.registry.policyRow(UUID.randomUUID().toString(), yaml, g.actor, Instant.now()));
    keepHistory(g.ctx, policy.auditHorizonDays());
    return policy;
  }

  public static GatePolicy current(StewardContext ctx) {
    return Governance.of(ctx).policy();
  }

  /** Sets the tables' log and file retention to the audit horizon where they differ. */
  public static void keepHistory(StewardContext ctx, int days) {
    List<TableDef> changed = Retention.apply(ctx.spark(), ctx.warehouse(), days);
    if (!changed.isEmpty()) {
      ctx.progress(
          "retention: "
              + changed.size()
              + " table(s) now keep "
              + days
              + " days of history (log and removed files), the policy's audit_horizon_days");
    }
  }
}
