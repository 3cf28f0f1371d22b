package io.steward.common.triggers;

import java.util.List;

/**
 * The portfolio's MLOps maturity on the three levels of the practitioners' article (manual,
 * repeatable, automated), scored from the registry. Each sub-score is a share (met / of; 1 when
 * there is nothing to count):
 *
 * <ul>
 *   <li>{@code inventory}: model versions with traffic that the registry knows;
 *   <li>{@code coverage}: deciding registered models with a monitor and a successful nightly run in
 *       the last {@value ZombieRules#RECENT_RUN_DAYS} days;
 *   <li>{@code thresholds}: monitored models whose thresholds are set for them (a {@code
 *       thresholds:} block in their spec or in the gate policy), not only the built-in defaults;
 *   <li>{@code triggers_in_time}: triggers due by the audit's day that were actioned by their due
 *       date (open past due, or actioned late, count against);
 *   <li>{@code retirement}: retired models and versions that no longer serve decisions.
 * </ul>
 *
 * REPEATABLE needs inventory at least 0.9, coverage at least 0.8 and thresholds at least 0.8 (a
 * registry tracking what is in production, consistent monitoring with defined thresholds);
 * AUTOMATED also needs coverage at least 0.95, triggers in time at least 0.9 and retirement at
 * least 0.95 (triggers answered as a routine, superseded models retired). Otherwise MANUAL.
 */
public record Maturity(Level level, List<SubScore> subScores) {
  public Maturity {
    subScores = List.copyOf(subScores);
  }

  /** The article's three levels. */
  public enum Level {
    MANUAL,
    REPEATABLE,
    AUTOMATED;

    /** 1, 2 or 3. */
    public int number() {
      return ordinal() + 1;
    }
  }

  /** One sub-score: {@code met} of {@code of}, and the level it counts towards. */
  public record SubScore(String name, Level level, int met, int of) {
    public SubScore {
      if (met < 0 || of < 0 || met > of) {
        throw new IllegalArgumentException(name + ": " + met + " of " + of + " is not a share");
      }
    }

    /** The share, 1 when there is nothing to count. */
    public double value() {
      return of == 0 ? 1.0 : (double) met / of;
    }
  }

  /** What the score counts, from the audit and the registry. */
  public record Counts(
      int servingVersions,
      int registeredServing,
      int decidingModels,
      int monitoredRecently,
      int monitoredModels,
      int tunedThresholds,
      int triggersDue,
      int actionedInTime,
      int retired,
      int retiredQuiet) {}

  public static Maturity score(Counts c) {
    SubScore inventory =
        new SubScore("inventory", Level.REPEATABLE, c.registeredServing(), c.servingVersions());
    SubScore coverage =
        new SubScore("coverage", Level.REPEATABLE, c.monitoredRecently(), c.decidingModels());
    SubScore thresholds =
        new SubScore("thresholds", Level.REPEATABLE, c.tunedThresholds(), c.monitoredModels());
    SubScore inTime =
        new SubScore("triggers_in_time", Level.AUTOMATED, c.actionedInTime(), c.triggersDue());
    SubScore retirement =
        new SubScore("retirement", Level.AUTOMATED, c.retiredQuiet(), c.retired());
    boolean repeatable =
        inventory.value() >= 0.9 && coverage.value() >= 0.8 && thresholds.value() >= 0.8;
    boolean automated =
        repeatable
            && coverage.value() >= 0.95
            && inTime.value() >= 0.9
            && retirement.value() >= 0.95;
    Level level = automated ? Level.AUTOMATED : repeatable ? Level.REPEATABLE : Level.MANUAL;
    return new Maturity(level, List.of(inventory, coverage, thresholds, inTime, retirement));
  }
}
