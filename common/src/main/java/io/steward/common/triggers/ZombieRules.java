package io.steward.common.triggers;

import io.steward.common.domain.Stage;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;

/**
 * Which zombie reasons hold for a model version that served traffic in the audit's look-back
 * window. Only decisions count: traffic of a version in DEPLOYMENT is shadow mode (the log has no
 * shadow marker; the lifecycle's DEPLOYMENT stage is where shadow predictions are made and
 * compared, and the gate into PRODUCTION asks for them), so it raises nothing.
 */
public final class ZombieRules {
  private ZombieRules() {}

  /** How recent the last successful monitoring run must be, in days before the audit's day. */
  public static final int RECENT_RUN_DAYS = 7;

  /**
   * The stage a version serves in: RETIRED when the model or the version is retired, else the
   * earlier of the two (a challenger of a model in PRODUCTION serves in its own stage).
   */
  public static Stage servingStage(Stage model, Stage version) {
    if (model == Stage.RETIRED || version == Stage.RETIRED) {
      return Stage.RETIRED;
    }
    return version == null || model.ordinal() < version.ordinal() ? model : version;
  }

  /** Whether traffic in this stage is decisions (every stage but DEPLOYMENT's shadow mode). */
  public static boolean decides(Stage serving) {
    return serving != Stage.DEPLOYMENT;
  }

  /**
   * The reasons that hold, each with its evidence, for a version with traffic. {@code version} is
   * null when the log names no version: the model's champion stands in for it, and the lineage and
   * validation are the champion's.
   */
  public static Map<ZombieReason, String> reasons(
      ModelFacts m, ModelFacts.VersionFacts version, LocalDate asOf) {
    Map<ZombieReason, String> out = new EnumMap<>(ZombieReason.class);
    Stage serving = servingStage(m.stage(), version == null ? null : version.stage());
    if (!decides(serving)) {
      return out;
    }
    switch (m.ownerState()) {
      case UNKNOWN -> out.put(ZombieReason.NO_OWNER, "owner " + m.owner() + " holds no role");
      case INACTIVE ->
          out.put(ZombieReason.INACTIVE_OWNER, "every role of owner " + m.owner() + " is revoked");
      case ACTIVE -> {}
    }
    if (!m.monitored()) {
      out.put(ZombieReason.NO_MONITOR, "no monitor spec is registered");
    } else if (m.lastMonitoredNight() == null) {
      out.put(ZombieReason.NO_RECENT_MONITORING_RUN, "no successful nightly run ever");
    } else if (m.lastMonitoredNight().isBefore(asOf.minusDays(RECENT_RUN_DAYS))) {
      out.put(
          ZombieReason.NO_RECENT_MONITORING_RUN,
          "last successful nightly run computed " + m.lastMonitoredNight());
    }
    if (version != null && version.lineageProblem() != null) {
      out.put(ZombieReason.LINEAGE_MISSING, version.lineageProblem());
    }
    int months = TierDeadlines.validationMonths(m.tier());
    LocalDate validated = version == null ? null : version.validatedOn();
    if (validated == null) {
      out.put(ZombieReason.VALIDATION_STALE, "no favourable validation report");
    } else if (validated.isBefore(asOf.minusMonths(months))) {
      out.put(
          ZombieReason.VALIDATION_STALE,
          "validated "
              + validated
              + ", more than "
              + months
              + " months before "
              + asOf
              + " ("
              + m.tier()
              + ")");
    }
    if (serving == Stage.RETIRED) {
      out.put(ZombieReason.DECIDING_WHILE_RETIRED, "serving while RETIRED");
    } else if (serving.ordinal() < Stage.DEPLOYMENT.ordinal()) {
      out.put(ZombieReason.DECIDING_BEFORE_PRODUCTION, "serving in " + serving);
    }
    return out;
  }
}
