package io.steward.common.triggers;

import io.steward.common.domain.RiskTier;
import java.time.LocalDate;

/**
 * The time limits that tighten with the risk tier: how long an owner has to answer a trigger, and
 * how old a model's validation may be while it decides. A model of unknown tier (an unregistered
 * one) gets CRITICAL's limits: what nobody has assessed is treated as the highest risk.
 */
public final class TierDeadlines {
  private TierDeadlines() {}

  /** Days from the audit's day to a trigger's due date. */
  public static int dueDays(RiskTier tier) {
    return switch (tier == null ? RiskTier.CRITICAL : tier) {
      case CRITICAL -> 7;
      case HIGH -> 14;
      case MEDIUM -> 30;
      case LOW -> 60;
    };
  }

  /** The due date of a trigger raised on {@code day}. */
  public static LocalDate due(RiskTier tier, LocalDate day) {
    return day.plusDays(dueDays(tier));
  }

  /** The oldest a favourable validation may be, in months, while the model decides. */
  public static int validationMonths(RiskTier tier) {
    return switch (tier == null ? RiskTier.CRITICAL : tier) {
      case CRITICAL, HIGH -> 12;
      case MEDIUM -> 24;
      case LOW -> 36;
    };
  }
}
