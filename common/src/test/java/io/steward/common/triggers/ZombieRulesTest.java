package io.steward.common.triggers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.common.domain.RiskTier;
import io.steward.common.domain.Stage;
import io.steward.common.triggers.ModelFacts.OwnerState;
import io.steward.common.triggers.ModelFacts.VersionFacts;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each zombie reason's firing and non-firing case, against a healthy production model. */
class ZombieRulesTest {
  private static final LocalDate DAY = LocalDate.parse("2026-10-30");
  private static final VersionFacts V1 =
      new VersionFacts("v1", Stage.PRODUCTION, null, LocalDate.parse("2026-01-15"));

  private static ModelFacts model(
      RiskTier tier, Stage stage, OwnerState owner, boolean monitored, LocalDate lastRun) {
    return new ModelFacts(
        "credit_limit",
        tier,
        stage,
        "olivia",
        owner,
        monitored,
        lastRun,
        "v1",
        null,
        Map.of("v1", V1));
  }

  private static ModelFacts healthy() {
    return model(RiskTier.HIGH, Stage.PRODUCTION, OwnerState.ACTIVE, true, DAY.minusDays(1));
  }

  private static Set<ZombieReason> reasons(ModelFacts m, VersionFacts v) {
    return ZombieRules.reasons(m, v, DAY).keySet();
  }

  @Test
  void aHealthyProductionModelIsNoZombie() {
    assertEquals(Set.of(), reasons(healthy(), V1));
  }

  @Test
  void ownerNeverGrantedOrRevoked() {
    Map<ZombieReason, String> none =
        ZombieRules.reasons(
            model(RiskTier.HIGH, Stage.PRODUCTION, OwnerState.UNKNOWN, true, DAY), V1, DAY);
    assertEquals(Set.of(ZombieReason.NO_OWNER), none.keySet());
    assertEquals("owner olivia holds no role", none.get(ZombieReason.NO_OWNER));
    assertEquals(
        Set.of(ZombieReason.INACTIVE_OWNER),
        reasons(model(RiskTier.HIGH, Stage.PRODUCTION, OwnerState.INACTIVE, true, DAY), V1));
  }

  @Test
  void noMonitorAndNoRecentRun() {
    assertEquals(
        Set.of(ZombieReason.NO_MONITOR),
        reasons(model(RiskTier.HIGH, Stage.PRODUCTION, OwnerState.ACTIVE, false, null), V1));
    assertEquals(
        Set.of(ZombieReason.NO_RECENT_MONITORING_RUN),
        reasons(model(RiskTier.HIGH, Stage.PRODUCTION, OwnerState.ACTIVE, true, null), V1));
    Map<ZombieReason, String> old =
        ZombieRules.reasons(
            model(RiskTier.HIGH, Stage.PRODUCTION, OwnerState.ACTIVE, true, DAY.minusDays(8)),
            V1,
            DAY);
    assertEquals(
        "last successful nightly run computed 2026-10-22",
        old.get(ZombieReason.NO_RECENT_MONITORING_RUN));
    assertEquals(
        Set.of(),
        reasons(
            model(RiskTier.HIGH, Stage.PRODUCTION, OwnerState.ACTIVE, true, DAY.minusDays(7)), V1));
  }

  @Test
  void lineageMissing() {
    VersionFacts gone =
        new VersionFacts("v1", Stage.PRODUCTION, "table t does not exist", V1.validatedOn());
    Map<ZombieReason, String> r = ZombieRules.reasons(healthy(), gone, DAY);
    assertEquals(Map.of(ZombieReason.LINEAGE_MISSING, "table t does not exist"), r);
  }

  @Test
  void validationOlderThanTheTierAllows() {
    VersionFacts thirteenMonths =
        new VersionFacts("v1", Stage.PRODUCTION, null, LocalDate.parse("2025-09-29"));
    assertEquals(
        "validated 2025-09-29, more than 12 months before 2026-10-30 (HIGH)",
        ZombieRules.reasons(healthy(), thirteenMonths, DAY).get(ZombieReason.VALIDATION_STALE));
    ModelFacts medium =
        model(RiskTier.MEDIUM, Stage.PRODUCTION, OwnerState.ACTIVE, true, DAY.minusDays(1));
    assertEquals(Set.of(), reasons(medium, thirteenMonths), "MEDIUM allows 24 months");
    VersionFacts twentyFive =
        new VersionFacts("v1", Stage.PRODUCTION, null, LocalDate.parse("2024-09-29"));
    assertEquals(Set.of(ZombieReason.VALIDATION_STALE), reasons(medium, twentyFive));
    VersionFacts never = new VersionFacts("v1", Stage.PRODUCTION, null, null);
    assertEquals(
        "no favourable validation report",
        ZombieRules.reasons(healthy(), never, DAY).get(ZombieReason.VALIDATION_STALE));
  }

  @Test
  void decidingWhileRetiredByTheModelOrTheVersion() {
    ModelFacts retired =
        model(RiskTier.HIGH, Stage.RETIRED, OwnerState.ACTIVE, true, DAY.minusDays(1));
    assertEquals(Set.of(ZombieReason.DECIDING_WHILE_RETIRED), reasons(retired, V1));
    VersionFacts oldChampion = new VersionFacts("v0", Stage.RETIRED, null, V1.validatedOn());
    assertEquals(Set.of(ZombieReason.DECIDING_WHILE_RETIRED), reasons(healthy(), oldChampion));
  }

  @Test
  void decidingBeforeProductionButNotShadowMode() {
    ModelFacts inDevelopment =
        model(RiskTier.HIGH, Stage.DEVELOPMENT, OwnerState.ACTIVE, true, DAY.minusDays(1));
    VersionFacts dev = new VersionFacts("v1", Stage.DEVELOPMENT, null, V1.validatedOn());
    assertEquals(
        "serving in DEVELOPMENT",
        ZombieRules.reasons(inDevelopment, dev, DAY).get(ZombieReason.DECIDING_BEFORE_PRODUCTION));
    ModelFacts deployment = model(RiskTier.HIGH, Stage.DEPLOYMENT, OwnerState.UNKNOWN, false, null);
    VersionFacts shadow = new VersionFacts("v1", Stage.DEPLOYMENT, "gone", null);
    assertTrue(
        ZombieRules.reasons(deployment, shadow, DAY).isEmpty(),
        "shadow predictions are not decisions, whatever else is missing");
    VersionFacts challenger = new VersionFacts("v2", Stage.DEPLOYMENT, null, null);
    assertTrue(ZombieRules.reasons(healthy(), challenger, DAY).isEmpty(), "a challenger in shadow");
    assertEquals(Stage.DEPLOYMENT, ZombieRules.servingStage(Stage.PRODUCTION, Stage.DEPLOYMENT));
    assertEquals(Stage.VALIDATION, ZombieRules.servingStage(Stage.VALIDATION, Stage.PRODUCTION));
  }
}
