package io.steward.common.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.common.domain.Outcome;
import io.steward.common.domain.RiskTier;
import io.steward.common.domain.Role;
import io.steward.common.domain.Stage;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LifecycleGateTest {
  private final GatePolicy policy = GatePolicy.defaults();

  /** A mutable builder of evidence so each test states only what differs. */
  static final class E {
    RiskTier tier = RiskTier.MEDIUM;
    String owner = "olivia";
    String criteria = "auc>=0.75";
    GateEvidence.Version version =
        new GateEvidence.Version(
            "v1",
            "delta.`/t`",
            3L,
            true,
            Map.of("depth", "6"),
            Map.of("auc", 0.8),
            "dev",
            Stage.DEVELOPMENT);
    List<GateEvidence.Artifact> artifacts = new ArrayList<>();
    List<GateEvidence.Approval> approvals = new ArrayList<>();
    Map<String, Set<Role>> roles = new HashMap<>();
    boolean monitor = true;
    boolean baseline = true;
    GateEvidence.Shadow shadow;

    E() {
      roles.put("olivia", EnumSet.of(Role.OWNER));
      roles.put("dev", EnumSet.of(Role.DEVELOPER));
      roles.put("val", EnumSet.of(Role.VALIDATOR));
      roles.put("appr", EnumSet.of(Role.APPROVER));
      roles.put("comm", EnumSet.of(Role.COMMITTEE));
    }

    E artifact(
        String kind, String version, Outcome outcome, String by, Map<String, String> details) {
      artifacts.add(new GateEvidence.Artifact(kind, version, outcome, by, details));
      return this;
    }

    E approval(Stage gate, String by) {
      approvals.add(new GateEvidence.Approval(gate, null, by));
      return this;
    }

    GateEvidence build() {
      return new GateEvidence(
          new GateEvidence.Model("m", owner, tier, Stage.USE_CASE_APPROVAL, criteria),
          version,
          artifacts,
          approvals,
          roles,
          monitor,
          baseline,
          shadow);
    }
  }

  @Test
  void legalMoves() {
    assertNull(LifecycleGate.illegal(Stage.USE_CASE_APPROVAL, Stage.DEVELOPMENT));
    assertNull(LifecycleGate.illegal(Stage.VALIDATION, Stage.DEVELOPMENT));
    assertNull(LifecycleGate.illegal(Stage.PRODUCTION, Stage.RETIRED));
    assertEquals(
        "the lifecycle does not go from USE_CASE_APPROVAL to PRODUCTION (next is DEVELOPMENT, or RETIRED)",
        LifecycleGate.illegal(Stage.USE_CASE_APPROVAL, Stage.PRODUCTION));
    assertEquals("RETIRED is terminal", LifecycleGate.illegal(Stage.RETIRED, Stage.DEVELOPMENT));
  }

  @Test
  void developmentNeedsMdpOwnerCriteriaAndApproval() {
    E e = new E();
    e.criteria = "good enough";
    e.roles.remove("olivia");
    assertEquals(
        List.of(
            "an MDP artifact (steward artifact add --kind MDP)",
            "owner olivia as an active principal (steward principal grant)",
            "success criteria such as auc>=0.75",
            "an approval of the DEVELOPMENT gate by an APPROVER (steward model approve --gate DEVELOPMENT)"),
        LifecycleGate.missing(Stage.DEVELOPMENT, e.build(), policy));
    E ok =
        new E().artifact("MDP", null, null, "olivia", Map.of()).approval(Stage.DEVELOPMENT, "appr");
    assertEquals(List.of(), LifecycleGate.missing(Stage.DEVELOPMENT, ok.build(), policy));
  }

  @Test
  void lowRiskOwnerMayFastTrackButNotOnMedium() {
    E low =
        new E()
            .artifact("MDP", null, null, "olivia", Map.of())
            .approval(Stage.DEVELOPMENT, "olivia");
    low.tier = RiskTier.LOW;
    assertEquals(List.of(), LifecycleGate.missing(Stage.DEVELOPMENT, low.build(), policy));
    assertNull(LifecycleGate.cannotApprove("olivia", low.build(), policy));
    E medium =
        new E()
            .artifact("MDP", null, null, "olivia", Map.of())
            .approval(Stage.DEVELOPMENT, "olivia");
    assertEquals(1, LifecycleGate.missing(Stage.DEVELOPMENT, medium.build(), policy).size());
    assertEquals(
        "olivia is not an active APPROVER (a MEDIUM model's gates are approved by APPROVER)",
        LifecycleGate.cannotApprove("olivia", medium.build(), policy));
  }

  @Test
  void criticalNeedsTheCommittee() {
    E e =
        new E().artifact("MDP", null, null, "olivia", Map.of()).approval(Stage.DEVELOPMENT, "appr");
    e.tier = RiskTier.CRITICAL;
    assertEquals(
        List.of(
            "an approval of the DEVELOPMENT gate by a COMMITTEE member (steward model approve --gate DEVELOPMENT)"),
        LifecycleGate.missing(Stage.DEVELOPMENT, e.build(), policy));
    e.approval(Stage.DEVELOPMENT, "comm");
    assertEquals(List.of(), LifecycleGate.missing(Stage.DEVELOPMENT, e.build(), policy));
  }

  @Test
  void validationNeedsLineageLoggedRunCriteriaAndBiasTest() {
    E e = new E();
    e.version =
        new GateEvidence.Version(
            "v1", "delta.`/t`", 9L, false, Map.of(), Map.of("auc", 0.7), "dev", Stage.DEVELOPMENT);
    e.artifact("BIAS_TEST", "v1", Outcome.FAIL, "dev", Map.of());
    assertEquals(
        List.of(
            "training lineage that resolves: table delta.`/t` at Delta version 9",
            "logged parameters for version v1 (--param k=v)",
            "metric auc=0.7 does not meet auc>=0.75",
            "a passing BIAS_TEST artifact for version v1 (--outcome PASS)"),
        LifecycleGate.missing(Stage.VALIDATION, e.build(), policy));
    E ok = new E().artifact("BIAS_TEST", "v1", Outcome.PASS, "dev", Map.of());
    assertEquals(List.of(), LifecycleGate.missing(Stage.VALIDATION, ok.build(), policy));
  }

  @Test
  void highRiskNeedsAnIndependentValidator() {
    E e = new E();
    e.tier = RiskTier.HIGH;
    e.roles.put("olivia", EnumSet.of(Role.OWNER, Role.VALIDATOR));
    e.artifact("VALIDATION_REPORT", "v1", Outcome.APPROVED, "olivia", Map.of());
    assertEquals(
        List.of(
            "independent validation: a HIGH model's validator must be neither its owner (olivia) nor"
                + " the version's developer (dev)"),
        LifecycleGate.missing(Stage.DEPLOYMENT, e.build(), policy));
    e.artifact("VALIDATION_REPORT", "v1", Outcome.CONDITIONAL, "val", Map.of());
    assertEquals(List.of(), LifecycleGate.missing(Stage.DEPLOYMENT, e.build(), policy));
    // The same self-validation passes on MEDIUM, where independence is not required.
    E medium = new E();
    medium.roles.put("olivia", EnumSet.of(Role.OWNER, Role.VALIDATOR));
    medium.artifact("VALIDATION_REPORT", "v1", Outcome.APPROVED, "olivia", Map.of());
    assertEquals(List.of(), LifecycleGate.missing(Stage.DEPLOYMENT, medium.build(), policy));
  }

  @Test
  void deploymentNeedsMonitoringAndRejectedReportsDoNotCount() {
    E e = new E().artifact("VALIDATION_REPORT", "v1", Outcome.REJECTED, "val", Map.of());
    e.monitor = false;
    e.baseline = false;
    e.tier = RiskTier.CRITICAL;
    assertEquals(
        List.of(
            "a VALIDATION_REPORT for version v1 with outcome APPROVED or CONDITIONAL",
            "an approval of the DEPLOYMENT gate by a COMMITTEE member (steward model approve --gate DEPLOYMENT)",
            "a monitor spec (steward monitor register --spec FILE.yaml)",
            "a drift baseline (steward baseline --model m)"),
        LifecycleGate.missing(Stage.DEPLOYMENT, e.build(), policy));
  }

  @Test
  void productionBlocksUntilShadowEvidenceExists() {
    E e =
        new E()
            .artifact("RUNBOOK", null, null, "olivia", Map.of())
            .approval(Stage.PRODUCTION, "appr");
    assertEquals(
        List.of(
            "14 consecutive nights of shadow mode with enough pairs and no material discrepancy"
                + " (no comparison of v1 with a champion recorded yet: log it in shadow and run the"
                + " nightly)",
            "a passing alert self-test (steward monitor selftest --model m; none recorded yet)"),
        LifecycleGate.missing(Stage.PRODUCTION, e.build(), policy));
    LocalDate today = LocalDate.parse("2026-04-20");
    LocalDate first = LocalDate.parse("2026-04-01");
    // 14 clean nights and a self-test passed 30 days ago: nothing missing.
    e.shadow = shadow(nights(first, 14, Map.of()), today.minusDays(30), true, today);
    assertEquals(List.of(), LifecycleGate.missing(Stage.PRODUCTION, e.build(), policy));
    // 13 nights: the night before the first is named as missing.
    e.shadow = shadow(nights(first, 13, Map.of()), today, true, today);
    assertEquals(
        List.of(
            "14 consecutive nights of shadow mode with enough pairs and no material discrepancy:"
                + " 2026-03-31 to 2026-04-13 has 13; no comparison on 2026-03-31"),
        LifecycleGate.missing(Stage.PRODUCTION, e.build(), policy));
    // 16 nights, the 14 last with one discrepant and a gap of two: each is named.
    List<GateEvidence.ShadowNight> gappy =
        new java.util.ArrayList<>(nights(first, 16, Map.of(10, "decisions disagree on 9.00%")));
    gappy.removeIf(n -> n.night().equals(first.plusDays(5)) || n.night().equals(first.plusDays(6)));
    e.shadow = shadow(gappy, today, true, today);
    assertEquals(
        List.of(
            "14 consecutive nights of shadow mode with enough pairs and no material discrepancy:"
                + " 2026-04-03 to 2026-04-16 has 11; no comparison on 2026-04-06 to 2026-04-07;"
                + " discrepant or too few pairs on 2026-04-11 (the latest, 2026-04-11: decisions disagree on"
                + " 9.00%)"),
        LifecycleGate.missing(Stage.PRODUCTION, e.build(), policy));
    // The self-test: too old, or the latest one failed.
    e.shadow = shadow(nights(first, 14, Map.of()), today.minusDays(31), true, today);
    assertEquals(
        List.of("an alert self-test at most 30 days old (the latest passed on 2026-03-20)"),
        LifecycleGate.missing(Stage.PRODUCTION, e.build(), policy));
    e.shadow = shadow(nights(first, 14, Map.of()), today, false, today);
    assertEquals(
        List.of(
            "a passing alert self-test (the latest, on 2026-04-20, failed: fix the rules and run"
                + " steward monitor selftest again)"),
        LifecycleGate.missing(Stage.PRODUCTION, e.build(), policy));
  }

  @Test
  void nightsAreNamedAsRuns() {
    LocalDate d = LocalDate.parse("2026-04-01");
    assertEquals(
        "2026-04-01 to 2026-04-03, 2026-04-05",
        LifecycleGate.ranges(List.of(d, d.plusDays(1), d.plusDays(2), d.plusDays(4))));
  }

  /** {@code n} nights from {@code first}, clean but for the ones numbered in {@code unclean}. */
  private static List<GateEvidence.ShadowNight> nights(
      LocalDate first, int n, Map<Integer, String> unclean) {
    List<GateEvidence.ShadowNight> out = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(
          new GateEvidence.ShadowNight(first.plusDays(i), !unclean.containsKey(i), unclean.get(i)));
    }
    return out;
  }

  private static GateEvidence.Shadow shadow(
      List<GateEvidence.ShadowNight> nights, LocalDate selfTest, boolean passed, LocalDate today) {
    return new GateEvidence.Shadow(nights, selfTest, passed, today);
  }

  @Test
  void retirementNeedsACompletePlanAndApproval() {
    E e = new E().artifact("RETIREMENT_PLAN", null, null, "olivia", Map.of("reason", "bored"));
    assertEquals(
        List.of(
            "the retirement plan's reason (superseded, discontinued or unrecoverable)",
            "downstream consumers notified (--detail consumers_notified=true)",
            "a retention date (--detail retention_until=YYYY-MM-DD)",
            "an approval of the RETIRED gate by an APPROVER (steward model approve --gate RETIRED)"),
        LifecycleGate.missing(Stage.RETIRED, e.build(), policy));
    E ok =
        new E()
            .artifact(
                "RETIREMENT_PLAN",
                null,
                null,
                "olivia",
                Map.of(
                    "reason",
                    "superseded",
                    "consumers_notified",
                    "true",
                    "retention_until",
                    "2033-12-31"))
            .approval(Stage.RETIRED, "appr");
    assertEquals(List.of(), LifecycleGate.missing(Stage.RETIRED, ok.build(), policy));
  }

  @Test
  void policyFileChangesTheTiers() {
    GatePolicy p =
        GatePolicyParser.parse(
            "p.yaml", "fast_track: [LOW, MEDIUM]\ncommittee: [HIGH, CRITICAL]\nshadow_days: 7\n");
    assertEquals(EnumSet.of(RiskTier.LOW, RiskTier.MEDIUM), p.fastTrack());
    assertEquals(EnumSet.of(RiskTier.HIGH, RiskTier.CRITICAL), p.committee());
    assertEquals(EnumSet.of(RiskTier.HIGH, RiskTier.CRITICAL), p.independentValidation());
    assertEquals(7, p.shadowDays());
    E medium =
        new E()
            .artifact("MDP", null, null, "olivia", Map.of())
            .approval(Stage.DEVELOPMENT, "olivia");
    assertEquals(List.of(), LifecycleGate.missing(Stage.DEVELOPMENT, medium.build(), p));
    var error =
        org.junit.jupiter.api.Assertions.assertThrows(
            io.steward.common.errors.StewardException.class,
            () -> GatePolicyParser.parse("p.yaml", "committee: [HUGE]"));
    assertEquals(
        "gate policy p.yaml: committee has 'HUGE'; tiers are LOW, MEDIUM, HIGH, CRITICAL; fix the file",
        error.getMessage());
  }

  @Test
  void successCriteria() {
    SuccessCriteria c = SuccessCriteria.parse("AUC >= 0.75, rmse<1200");
    assertEquals(List.of(), c.unmet(Map.of("auc", 0.75, "rmse", 1100.0)));
    assertEquals(
        List.of("metric 'rmse' is not logged (criterion rmse<1200.0)"),
        c.unmet(Map.of("auc", 0.9)));
    assertNull(SuccessCriteria.parse("auc high"));
    assertTrue(
        SuccessCriteria.parse("ks>0.3").unmet(Map.of("ks", 0.3)).get(0).contains("does not meet"));
  }
}
