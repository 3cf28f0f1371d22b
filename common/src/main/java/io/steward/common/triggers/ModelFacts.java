package io.steward.common.triggers;

import io.steward.common.domain.RiskTier;
import io.steward.common.domain.Stage;
import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;

/**
 * What the registry says about a registered model, as the zombie rules need it.
 *
 * @param ownerState whether the owner is an active principal
 * @param monitored whether an active monitor spec exists
 * @param lastMonitoredNight the last night a successful nightly run computed for the model, or null
 * @param modelValidatedOn the day of the latest favourable validation report of the whole model
 *     (for no version), or null: what stands for a version the registry does not know
 * @param versions the model's registered versions by version
 */
public record ModelFacts(
    String modelId,
    RiskTier tier,
    Stage stage,
    String owner,
    OwnerState ownerState,
    boolean monitored,
    LocalDate lastMonitoredNight,
    String championVersion,
    LocalDate modelValidatedOn,
    Map<String, VersionFacts> versions) {

  /** Whether the owner can answer for the model. */
  public enum OwnerState {
    /** Holds at least one active role. */
    ACTIVE,
    /** Held roles, all revoked. */
    INACTIVE,
    /** Never granted any role. */
    UNKNOWN
  }

  public ModelFacts {
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(tier, "tier");
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(ownerState, "ownerState");
    versions = Map.copyOf(versions);
  }

  /**
   * A registered version's facts.
   *
   * @param lineageProblem why the training table at its Delta version cannot be read, or null
   * @param validatedOn the day of the latest favourable validation report, or null when none
   */
  public record VersionFacts(
      String version, Stage stage, String lineageProblem, LocalDate validatedOn) {
    public VersionFacts {
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(stage, "stage");
    }
  }
}
