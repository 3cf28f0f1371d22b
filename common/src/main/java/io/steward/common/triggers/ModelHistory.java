package io.steward.common.triggers;

import io.steward.common.decisions.Rule;
import io.steward.common.decisions.Severity;
import io.steward.common.domain.RiskTier;
import io.steward.common.domain.Stage;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the nightly trigger rules ({@link NightlyTriggerRules}) know about one registered model: its
 * versions with the days they were added, promoted and validated, its open alerts, its labelled
 * performance per night and the last night each version served traffic. Everything comes from the
 * registry and the small result tables, never from the logs.
 *
 * @param championVersion the version in production, or null
 * @param versions every registered version
 * @param openAlerts the model's OPEN and ACKNOWLEDGED alert episodes
 * @param performance the overall labelled figure per version and night (AUC for classifiers, RMSE
 *     for regressors), only nights with at least the minimum labelled rows
 * @param lastTraffic the last night each version served rows, by version (absent: none known)
 * @param retrainsActioned how many RETRAIN triggers of the model were actioned by a new version
 * @param shadowWatches shadow mode's comparisons of the champion with the version it replaced,
 *     during the watch after a promotion, by night
 */
public record ModelHistory(
    String modelId,
    RiskTier tier,
    String owner,
    Stage stage,
    String championVersion,
    List<Version> versions,
    List<OpenAlert> openAlerts,
    List<Labelled> performance,
    Map<String, LocalDate> lastTraffic,
    int retrainsActioned,
    List<ShadowWatch> shadowWatches) {

  public ModelHistory {
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(tier, "tier");
    Objects.requireNonNull(stage, "stage");
    versions = List.copyOf(versions);
    openAlerts = List.copyOf(openAlerts);
    performance = List.copyOf(performance);
    lastTraffic = Map.copyOf(lastTraffic);
    shadowWatches = List.copyOf(shadowWatches);
  }

  /**
   * A night of the watch after a promotion: the champion compared pair by pair with the version it
   * replaced (steward.shadow_comparisons).
   *
   * @param rollback whether the comparison's verdict was ROLLBACK
   * @param reasons the comparison's reasons
   */
  public record ShadowWatch(
      LocalDate night, String champion, String watched, boolean rollback, String reasons) {
    public ShadowWatch withNight(LocalDate other) {
      return new ShadowWatch(other, champion, watched, rollback, reasons);
    }
  }

  /**
   * A registered version.
   *
   * @param added when it was registered (two versions registered the same day are still ordered)
   * @param promoted the day it last became the champion (moved to PRODUCTION), or null
   * @param validated the day of its latest favourable validation report, or null
   */
  public record Version(
      String version, Stage stage, Instant added, LocalDate promoted, LocalDate validated) {
    public Version {
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(stage, "stage");
      Objects.requireNonNull(added, "added");
    }
  }

  /** An OPEN or ACKNOWLEDGED alert episode of a version. */
  public record OpenAlert(
      String alertId,
      String version,
      Rule rule,
      String subject,
      Severity severity,
      LocalDate firstBreach) {
    public OpenAlert {
      Objects.requireNonNull(alertId, "alertId");
      Objects.requireNonNull(rule, "rule");
      Objects.requireNonNull(severity, "severity");
      Objects.requireNonNull(firstBreach, "firstBreach");
    }

    String describe() {
      return alertId
          + " ("
          + rule.key()
          + (subject == null || subject.isEmpty() ? "" : " on " + subject)
          + ", "
          + severity
          + " since "
          + firstBreach
          + ")";
    }
  }

  /**
   * One night's overall labelled figure of a version.
   *
   * @param higherIsBetter true for AUC, false for RMSE
   */
  public record Labelled(
      String version,
      LocalDate night,
      String metric,
      boolean higherIsBetter,
      double value,
      Double ciLow,
      Double ciHigh) {
    public Labelled {
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(night, "night");
      Objects.requireNonNull(metric, "metric");
    }
  }

  /** The version's facts, or null when it is not registered. */
  public Version version(String v) {
    return versions.stream().filter(x -> x.version().equals(v)).findFirst().orElse(null);
  }
}
