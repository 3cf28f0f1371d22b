package io.steward.common.lifecycle;

import io.steward.common.domain.ArtifactKind;
import io.steward.common.domain.Outcome;
import io.steward.common.domain.RiskTier;
import io.steward.common.domain.Role;
import io.steward.common.domain.Stage;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;

/**
 * The lifecycle's rules as pure functions of registry evidence: which moves are legal, who may
 * approve a gate, and what evidence a gate still lacks. A refused transition lists every missing
 * piece, not just the first.
 */
public final class LifecycleGate {
  private LifecycleGate() {}

  /** Reasons a model may be retired for. */
  public static final Set<String> RETIREMENT_REASONS =
      Set.of("superseded", "discontinued", "unrecoverable");

  /**
   * Whether moving from {@code from} to {@code to} is a move the lifecycle has at all: one step
   * forward, back to DEVELOPMENT from VALIDATION or DEPLOYMENT (rework), or to RETIRED from any
   * stage but RETIRED. For a version of a model in PRODUCTION (a retrain) the same rules apply to
   * the version's own stage.
   *
   * @return null when legal, else why not
   */
  public static String illegal(Stage from, Stage to) {
    if (from == Stage.RETIRED) {
      return "RETIRED is terminal";
    }
    if (to == Stage.RETIRED || to == from.next()) {
      return null;
    }
    if (to == Stage.DEVELOPMENT && (from == Stage.VALIDATION || from == Stage.DEPLOYMENT)) {
      return null;
    }
    return "the lifecycle does not go from "
        + from
        + " to "
        + to
        + " (next is "
        + from.next()
        + ", or RETIRED)";
  }

  /** The role whose holder may approve gates of a model of this tier. */
  public static Role approverRole(RiskTier tier, GatePolicy policy) {
    return policy.committee().contains(tier) ? Role.COMMITTEE : Role.APPROVER;
  }

  /**
   * Whether {@code actor} may approve a gate of this model: the approver role of its tier, or, on a
   * fast-track tier, its owner.
   *
   * @return null when allowed, else why not
   */
  public static String cannotApprove(String actor, GateEvidence e, GatePolicy policy) {
    Role needed = approverRole(e.model().riskTier(), policy);
    if (e.has(actor, needed)) {
      return null;
    }
    if (policy.fastTrack().contains(e.model().riskTier()) && actor.equals(e.model().owner())) {
      return null;
    }
    return actor
        + " is not an active "
        + needed
        + (policy.fastTrack().contains(e.model().riskTier()) ? " nor the model's owner" : "")
        + " (a "
        + e.model().riskTier()
        + " model's gates are approved by "
        + needed
        + ")";
  }

  /** Every piece of evidence the gate into {@code to} still lacks; empty when it passes. */
  public static List<String> missing(Stage to, GateEvidence e, GatePolicy policy) {
    List<String> missing = new ArrayList<>();
    switch (to) {
      case DEVELOPMENT -> development(e, policy, missing);
      case VALIDATION -> validation(e, missing);
      case DEPLOYMENT -> deployment(e, policy, missing);
      case PRODUCTION -> production(e, policy, missing);
      case RETIRED -> retirement(e, policy, missing);
      case USE_CASE_APPROVAL -> missing.add("no model moves back to USE_CASE_APPROVAL");
    }
    return missing;
  }

  private static void development(GateEvidence e, GatePolicy policy, List<String> missing) {
    if (e.artifacts().stream().noneMatch(a -> a.is(ArtifactKind.MDP))) {
      missing.add("an MDP artifact (steward artifact add --kind MDP)");
    }
    String owner = e.model().owner();
    if (owner == null || owner.isBlank()) {
      missing.add("a named owner");
    } else if (e.roles().getOrDefault(owner, Set.of()).isEmpty()) {
      missing.add("owner " + owner + " as an active principal (steward principal grant)");
    }
    if (SuccessCriteria.parse(e.model().successCriteria()) == null) {
      missing.add("success criteria such as auc>=0.75");
    }
    approval(Stage.DEVELOPMENT, null, e, policy, missing);
  }

  private static void validation(GateEvidence e, List<String> missing) {
    GateEvidence.Version v = e.version();
    if (v == null) {
      missing.add("a candidate version (steward model version add, then --version V)");
      return;
    }
    if (!v.lineageResolvable()) {
      missing.add(
          "training lineage that resolves: table "
              + v.trainingTable()
              + " at Delta version "
              + v.trainingVersion());
    }
    if (v.params().isEmpty()) {
      missing.add("logged parameters for version " + v.version() + " (--param k=v)");
    }
    if (v.metrics().isEmpty()) {
      missing.add("logged metrics for version " + v.version() + " (--metric k=v)");
    }
    SuccessCriteria criteria = SuccessCriteria.parse(e.model().successCriteria());
    if (criteria != null && !v.metrics().isEmpty()) {
      missing.addAll(criteria.unmet(v.metrics()));
    }
    boolean biasPassed =
        e.artifacts().stream()
            .anyMatch(
                a ->
                    a.is(ArtifactKind.BIAS_TEST)
                        && v.version().equals(a.version())
                        && a.outcome() != null
                        && a.outcome().favourable());
    if (!biasPassed) {
      missing.add("a passing BIAS_TEST artifact for version " + v.version() + " (--outcome PASS)");
    }
  }

  private static void deployment(GateEvidence e, GatePolicy policy, List<String> missing) {
    GateEvidence.Version v = e.version();
    if (v == null) {
      missing.add("the version to deploy (--version V)");
      return;
    }
    boolean independent = policy.independentValidation().contains(e.model().riskTier());
    List<GateEvidence.Artifact> reports =
        e.artifacts().stream()
            .filter(
                a ->
                    a.is(ArtifactKind.VALIDATION_REPORT)
                        && v.version().equals(a.version())
                        && (a.outcome() == Outcome.APPROVED || a.outcome() == Outcome.CONDITIONAL))
            .toList();
    if (reports.isEmpty()) {
      missing.add(
          "a VALIDATION_REPORT for version "
              + v.version()
              + " with outcome APPROVED or CONDITIONAL");
    } else {
      boolean byValidator = reports.stream().anyMatch(a -> e.has(a.addedBy(), Role.VALIDATOR));
      if (!byValidator) {
        missing.add("the validation report added by an active VALIDATOR");
      } else if (independent
          && reports.stream()
              .noneMatch(
                  a ->
                      e.has(a.addedBy(), Role.VALIDATOR)
                          && !a.addedBy().equals(e.model().owner())
                          && !a.addedBy().equals(v.developer()))) {
        missing.add(
            "independent validation: a "
                + e.model().riskTier()
                + " model's validator must be neither its owner ("
                + e.model().owner()
                + ") nor the version's developer ("
                + v.developer()
                + ")");
      }
    }
    if (policy.committee().contains(e.model().riskTier())) {
      approval(Stage.DEPLOYMENT, v.version(), e, policy, missing);
    }
    if (!e.monitorRegistered()) {
      missing.add("a monitor spec (steward monitor register --spec FILE.yaml)");
    }
    if (!e.baselineBuilt()) {
      missing.add("a drift baseline (steward baseline --model " + e.model().id() + ")");
    }
  }

  private static void production(GateEvidence e, GatePolicy policy, List<String> missing) {
    if (e.artifacts().stream().noneMatch(a -> a.is(ArtifactKind.RUNBOOK))) {
      missing.add("a RUNBOOK artifact");
    }
    GateEvidence.Shadow s = e.shadow();
    String version = e.version() == null ? "the version" : e.version().version();
    List<GateEvidence.ShadowNight> nights = s == null ? List.of() : s.nights();
    int need = policy.shadowDays();
    if (need > 0 && nights.isEmpty()) {
      missing.add(
          need
              + " consecutive nights of shadow mode with enough pairs and no material discrepancy"
              + " (no comparison of "
              + version
              + " with a champion recorded yet: log it in shadow and run the nightly)");
    } else if (need > 0) {
      TreeMap<LocalDate, GateEvidence.ShadowNight> byNight = new TreeMap<>();
      nights.forEach(n -> byNight.put(n.night(), n));
      LocalDate last = byNight.lastKey();
      LocalDate first = last.minusDays(need - 1L);
      List<LocalDate> absent = new ArrayList<>();
      List<LocalDate> unclean = new ArrayList<>();
      String latestWhy = null;
      int clean = 0;
      for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
        GateEvidence.ShadowNight n = byNight.get(d);
        if (n == null) {
          absent.add(d);
        } else if (n.clean()) {
          clean++;
        } else {
          unclean.add(d);
          latestWhy = n.why();
        }
      }
      if (clean < need) {
        missing.add(
            need
                + " consecutive nights of shadow mode with enough pairs and no material"
                + " discrepancy: "
                + first
                + " to "
                + last
                + " has "
                + clean
                + (absent.isEmpty() ? "" : "; no comparison on " + ranges(absent))
                + (unclean.isEmpty()
                    ? ""
                    : "; discrepant or too few pairs on "
                        + ranges(unclean)
                        + " (the latest, "
                        + unclean.get(unclean.size() - 1)
                        + ": "
                        + latestWhy
                        + ")"));
      }
    }
    if (s == null || s.selfTestOn() == null) {
      missing.add(
          "a passing alert self-test (steward monitor selftest --model "
              + e.model().id()
              + "; none recorded yet)");
    } else if (!s.selfTestPassed()) {
      missing.add(
          "a passing alert self-test (the latest, on "
              + s.selfTestOn()
              + ", failed: fix the rules and run steward monitor selftest again)");
    } else if (s.selfTestOn().plusDays(policy.selfTestMaxAgeDays()).isBefore(s.today())) {
      missing.add(
          "an alert self-test at most "
              + policy.selfTestMaxAgeDays()
              + " days old (the latest passed on "
              + s.selfTestOn()
              + ")");
    }
    approval(
        Stage.PRODUCTION, e.version() == null ? null : e.version().version(), e, policy, missing);
  }

  /** Days as runs: "2026-04-01 to 2026-04-03, 2026-04-07". */
  static String ranges(List<LocalDate> days) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < days.size()) {
      int j = i;
      while (j + 1 < days.size() && days.get(j + 1).equals(days.get(j).plusDays(1))) {
        j++;
      }
      out.add(i == j ? days.get(i).toString() : days.get(i) + " to " + days.get(j));
      i = j + 1;
    }
    return String.join(", ", out);
  }

  private static void retirement(GateEvidence e, GatePolicy policy, List<String> missing) {
    List<GateEvidence.Artifact> plans =
        e.artifacts().stream().filter(a -> a.is(ArtifactKind.RETIREMENT_PLAN)).toList();
    if (plans.isEmpty()) {
      missing.add(
          "a RETIREMENT_PLAN artifact with --detail reason=superseded|discontinued|unrecoverable,"
              + " --detail consumers_notified=true and --detail retention_until=YYYY-MM-DD");
    } else {
      GateEvidence.Artifact plan = plans.get(plans.size() - 1);
      String reason = plan.details().getOrDefault("reason", "").toLowerCase(Locale.ROOT);
      if (!RETIREMENT_REASONS.contains(reason)) {
        missing.add("the retirement plan's reason (superseded, discontinued or unrecoverable)");
      }
      if (!"true".equalsIgnoreCase(plan.details().getOrDefault("consumers_notified", ""))) {
        missing.add("downstream consumers notified (--detail consumers_notified=true)");
      }
      if (!plan.details().getOrDefault("retention_until", "").matches("\\d{4}-\\d{2}-\\d{2}")) {
        missing.add("a retention date (--detail retention_until=YYYY-MM-DD)");
      }
    }
    approval(Stage.RETIRED, null, e, policy, missing);
  }

  private static void approval(
      Stage gate, String version, GateEvidence e, GatePolicy policy, List<String> missing) {
    Role needed = approverRole(e.model().riskTier(), policy);
    boolean fastTrack = policy.fastTrack().contains(e.model().riskTier());
    boolean approved =
        e.approvals().stream()
            .anyMatch(
                a ->
                    a.gate() == gate
                        && (version == null || a.version() == null || version.equals(a.version()))
                        && (e.has(a.actor(), needed)
                            || (fastTrack && a.actor().equals(e.model().owner()))));
    if (!approved) {
      missing.add(
          "an approval of the "
              + gate
              + " gate by "
              + (needed == Role.COMMITTEE ? "a COMMITTEE member" : "an " + needed)
              + (fastTrack ? " or the owner (fast track)" : "")
              + " (steward model approve --gate "
              + gate
              + ")");
    }
  }
}
