package io.steward.common.lifecycle;

import io.steward.common.domain.ArtifactKind;
import io.steward.common.domain.Outcome;
import io.steward.common.domain.RiskTier;
import io.steward.common.domain.Role;
import io.steward.common.domain.Stage;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the registry knows that a gate may consult, gathered by the caller from the tables.
 * Pure data: the gates are functions of it.
 */
public record GateEvidence(
    Model model,
    Version version,
    List<Artifact> artifacts,
    List<Approval> approvals,
    Map<String, Set<Role>> roles,
    boolean monitorRegistered,
    boolean baselineBuilt,
    Shadow shadow) {

  public GateEvidence {
    artifacts = List.copyOf(artifacts);
    approvals = List.copyOf(approvals);
    roles = Map.copyOf(roles);
  }

  public record Model(
      String id, String owner, RiskTier riskTier, Stage stage, String successCriteria) {}

  /**
   * A model version.
   *
   * @param lineageResolvable whether the training table exists at the recorded Delta version
   */
  public record Version(
      String version,
      String trainingTable,
      Long trainingVersion,
      boolean lineageResolvable,
      Map<String, String> params,
      Map<String, Double> metrics,
      String developer,
      Stage stage) {}

  public record Artifact(
      String kind, String version, Outcome outcome, String addedBy, Map<String, String> details) {
    public boolean is(ArtifactKind k) {
      return kind.equals(k.name());
    }
  }

  /** An approval of a gate, given since the model (or version) entered its current stage. */
  public record Approval(Stage gate, String version, String actor) {}

  /**
   * Shadow-mode evidence for the version going to PRODUCTION, from {@code
   * steward.shadow_comparisons} and the model's ALERT_SELFTEST artifacts.
   *
   * @param nights the nights the version was compared with a champion as a challenger in shadow,
   *     oldest first, one per night
   * @param selfTestOn the day of the model's latest alert self-test, null when none
   * @param selfTestPassed whether that self-test passed
   * @param today the day the gate is judged on (UTC)
   */
  public record Shadow(
      List<ShadowNight> nights, LocalDate selfTestOn, boolean selfTestPassed, LocalDate today) {
    public Shadow {
      nights = List.copyOf(nights);
    }
  }

  /**
   * One night of shadow mode.
   *
   * @param clean enough pairs and no material discrepancy (with every champion it was compared to)
   * @param why when not clean, why not (the comparison's reasons)
   */
  public record ShadowNight(LocalDate night, boolean clean, String why) {}

  public boolean has(String user, Role role) {
    return roles.getOrDefault(user, Set.of()).contains(role);
  }
}
