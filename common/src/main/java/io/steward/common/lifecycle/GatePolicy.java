package io.steward.common.lifecycle;

import io.steward.common.decisions.NotifyPolicy;
import io.steward.common.decisions.ThresholdPolicy;
import io.steward.common.domain.RiskTier;
import java.util.EnumSet;
import java.util.Set;

/**
 * The parts of the gates that a governance office may tune, with the defaults of the design: LOW
 * fast-tracks (the owner may approve), HIGH and CRITICAL need an independent validator, CRITICAL
 * needs the committee at every gate, and production needs 14 days of shadow mode and an alert
 * self-test at most 30 days old. It also holds the governance office's threshold defaults for the
 * nightly rules ({@link ThresholdPolicy}) and where alerts and triggers are announced ({@link
 * NotifyPolicy}).
 */
public record GatePolicy(
    Set<RiskTier> fastTrack,
    Set<RiskTier> independentValidation,
    Set<RiskTier> committee,
    int shadowDays,
    int selfTestMaxAgeDays,
    ThresholdPolicy thresholds,
    NotifyPolicy notifications,
    int auditHorizonDays) {

  /** The default audit horizon: a year of the tables' history kept readable. */
  public static final int DEFAULT_AUDIT_HORIZON_DAYS = 365;

  /** The shortest horizon accepted: the EU AI Act (Art. 19) asks at least six months of logs. */
  public static final int MIN_AUDIT_HORIZON_DAYS = 183;

  public GatePolicy {
    if (thresholds == null || notifications == null) {
      throw new IllegalArgumentException(
          "a gate policy needs its thresholds and notifications (or NONE)");
    }
    fastTrack = Set.copyOf(fastTrack);
    independentValidation = Set.copyOf(independentValidation);
    committee = Set.copyOf(committee);
  }

  public static GatePolicy defaults() {
    return new GatePolicy(
        EnumSet.of(RiskTier.LOW),
        EnumSet.of(RiskTier.HIGH, RiskTier.CRITICAL),
        EnumSet.of(RiskTier.CRITICAL),
        14,
        30,
        ThresholdPolicy.NONE,
        NotifyPolicy.NONE,
        DEFAULT_AUDIT_HORIZON_DAYS);
  }
}
