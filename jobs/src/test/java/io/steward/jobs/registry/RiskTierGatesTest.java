package io.steward.jobs.registry;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the risk tier changes the gates: a LOW model's owner fast-tracks its retirement, a CRITICAL
 * model needs the committee; retirement is terminal. (That a LOW owner's approval opens the
 * DEVELOPMENT gate too is the same rule, which LifecycleGateTest proves in common.)
 */
class RiskTierGatesTest {
  @TempDir static Path dir;
  static RegistryFixture f;

  @BeforeAll
  static void warehouse() {
    f = RegistryFixture.withCast(dir);
  }

  @Test
  void lowFastTracksAndRetirementIsTerminal() {
    f.register("promo", "Promo response", "LOW");
    f.refused(
        "olivia",
        "refused: move promo from USE_CASE_APPROVAL to RETIRED; missing: a RETIREMENT_PLAN artifact with --detail reason=superseded|discontinued|unrecoverable, --detail consumers_notified=true and --detail retention_until=YYYY-MM-DD; an approval of the RETIRED gate by an APPROVER or the owner (fast track) (steward model approve --gate RETIRED)",
        "model",
        "transition",
        "--id",
        "promo",
        "--to",
        "RETIRED",
        "--reason",
        "campaign over");
    f.ok(
        "olivia",
        "artifact",
        "add",
        "--model",
        "promo",
        "--kind",
        "RETIREMENT_PLAN",
        "--uri",
        "s3://retire.md",
        "--detail",
        "reason=discontinued",
        "--detail",
        "consumers_notified=true",
        "--detail",
        "retention_until=2033-12-31");
    f.ok("olivia", "model", "approve", "--id", "promo", "--gate", "RETIRED");
    f.ok(
        "olivia",
        "model",
        "transition",
        "--id",
        "promo",
        "--to",
        "RETIRED",
        "--reason",
        "campaign over");
    f.refused(
        "olivia",
        "refused: move promo from RETIRED to DEVELOPMENT; missing: RETIRED is terminal",
        "model",
        "transition",
        "--id",
        "promo",
        "--to",
        "DEVELOPMENT",
        "--reason",
        "revive");
  }

  @Test
  void criticalNeedsTheCommittee() {
    f.register("pd", "Probability of default", "CRITICAL");
    f.ok("olivia", "artifact", "add", "--model", "pd", "--kind", "MDP", "--uri", "s3://mdp-pd.pdf");
    f.refused(
        "appr",
        "refused: appr may not approve the DEVELOPMENT gate of pd; it needs appr is not an active COMMITTEE (a CRITICAL model's gates are approved by COMMITTEE)",
        "model",
        "approve",
        "--id",
        "pd",
        "--gate",
        "DEVELOPMENT");
    f.ok("comm", "model", "approve", "--id", "pd", "--gate", "DEVELOPMENT");
    f.ok(
        "olivia",
        "model",
        "transition",
        "--id",
        "pd",
        "--to",
        "DEVELOPMENT",
        "--reason",
        "committee approved");
  }
}
