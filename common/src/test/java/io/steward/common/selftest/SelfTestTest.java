package io.steward.common.selftest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.common.decisions.Evaluation;
import io.steward.common.decisions.Observation;
import io.steward.common.decisions.Rule;
import io.steward.common.decisions.RuleEvaluator;
import io.steward.common.decisions.Thresholds;
import io.steward.common.domain.FeatureType;
import io.steward.common.domain.ModelId;
import io.steward.common.domain.RiskTier;
import io.steward.common.metrics.drift.FeatureBaseline;
import io.steward.common.metrics.drift.ModelBaseline;
import io.steward.common.spec.MonitorSpec;
import io.steward.common.spec.MonitorSpecParser;
import io.steward.common.testing.Specs;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The self-test's plan from a spec and baseline, and its verdict from the rules' evaluations. */
class SelfTestTest {
  static final Thresholds T = Thresholds.defaults(RiskTier.MEDIUM);

  static MonitorSpec spec(Specs.Builder b) {
    return MonitorSpecParser.parse("s.yaml", b.yaml());
  }

  static Specs.Builder full() {
    return Specs.binary("card")
        .predictions("delta.`/log`")
        .column("latency_ms", "latency_ms")
        .column("status", "status")
        .numeric("income", "age")
        .categorical("channel")
        .protectedSlices("gender")
        .baseline("delta.`/snap`");
  }

  static ModelBaseline baseline() {
    FeatureBaseline income =
        new FeatureBaseline(
            "income",
            FeatureType.NUMERIC,
            List.of(10.0, 20.0, 30.0),
            null,
            null,
            5.0,
            40.0,
            List.of(0.3, 0.05, 0.35, 0.3),
            100);
    FeatureBaseline age =
        new FeatureBaseline(
            "age", FeatureType.NUMERIC, List.of(), null, null, 30.0, 30.0, List.of(1.0), 100);
    FeatureBaseline score =
        new FeatureBaseline(
            MonitorSpec.SCORE_FEATURE,
            FeatureType.NUMERIC,
            List.of(0.2, 0.5, 0.8),
            null,
            null,
            0.0,
            1.0,
            List.of(0.1, 0.4, 0.4, 0.1),
            100);
    FeatureBaseline channel =
        new FeatureBaseline(
            "channel",
            FeatureType.CATEGORICAL,
            null,
            List.of("web", "app"),
            List.of("web", "app"),
            null,
            null,
            List.of(0.6, 0.4, 0.0),
            100);
    return new ModelBaseline(
        "b1",
        "card",
        null,
        "delta.`/snap`",
        0,
        100,
        Instant.EPOCH,
        List.of(income, age, score, channel));
  }

  static Map<SelfTestCase, Injection> byCase(List<Injection> plan) {
    return plan.stream().collect(Collectors.toMap(Injection::testCase, i -> i));
  }

  @Test
  void everyCaseIsPlannedFromTheBaselineSoThatItsRuleMustFire() {
    Map<SelfTestCase, Injection> p = byCase(SelfTestPlan.plan(spec(full()), baseline(), T));
    assertEquals(SelfTestCase.values().length, p.size());
    // The thinnest bounded bin of income is (10, 20] (5%): every value moved to 20.
    assertEquals("income", p.get(SelfTestCase.FEATURE_SHIFT).column());
    assertEquals(20.0, p.get(SelfTestCase.FEATURE_SHIFT).value());
    // Score bins (-inf, .2] 10%, (.2, .5] 40%, (.5, .8] 40%: the first; the unbounded last is
    // skipped.
    assertEquals(0.2, p.get(SelfTestCase.SCORE_SHIFT).value());
    assertEquals("", p.get(SelfTestCase.SCORE_SHIFT).subject());
    assertEquals("income", p.get(SelfTestCase.MISSING_SPIKE).column());
    assertEquals(SelfTestPlan.NEW_CATEGORY, p.get(SelfTestCase.NEW_CATEGORY).value());
    assertEquals("channel", p.get(SelfTestCase.NEW_CATEGORY).subject());
    // Above the maximum by the baseline's range.
    assertEquals(75.0, p.get(SelfTestCase.OUT_OF_RANGE).value());
    assertEquals("gender", p.get(SelfTestCase.GROUP_DISPARITY).subject());
    // Ten times the highest latency level (1000 ms by default).
    assertEquals(10_000.0, p.get(SelfTestCase.LATENCY_SPIKE).value());
    assertEquals(SelfTestPlan.ERROR_STATUS, p.get(SelfTestCase.ERROR_SPIKE).value());
    assertTrue(p.values().stream().allMatch(Injection::applicable));
  }

  @Test
  void aModelWithoutTheColumnsHasNoSuchCasesAndSaysWhy() {
    MonitorSpec bare =
        spec(
            Specs.binary("card").predictions("delta.`/log`").numeric("age").baseline("delta.`/s`"));
    Map<SelfTestCase, Injection> p = byCase(SelfTestPlan.plan(bare, baseline(), T));
    assertEquals(
        "no numeric feature with more than one value in the baseline",
        p.get(SelfTestCase.FEATURE_SHIFT).notApplicable());
    assertEquals("no categorical feature", p.get(SelfTestCase.NEW_CATEGORY).notApplicable());
    assertEquals("no protected attribute", p.get(SelfTestCase.GROUP_DISPARITY).notApplicable());
    assertEquals("no latency column", p.get(SelfTestCase.LATENCY_SPIKE).notApplicable());
    assertEquals("no status column", p.get(SelfTestCase.ERROR_SPIKE).notApplicable());
    assertTrue(p.get(SelfTestCase.OUT_OF_RANGE).applicable(), "age has a maximum");
    assertTrue(p.get(SelfTestCase.CONTROL).applicable());
  }

  /** An evaluation of a figure of a case's rows, as the nightly rules make it. */
  static Evaluation eval(SelfTestCase c, Rule rule, String subject, double value) {
    Observation o =
        new Observation(
            new ModelId("card"),
            c.version(),
            rule,
            subject,
            LocalDate.parse("2026-04-01"),
            value,
            null,
            null,
            null,
            null,
            "feature_drift[test]");
    return RuleEvaluator.evaluate(o, T);
  }

  static List<Evaluation> everyCaseFires() {
    List<Evaluation> e = new ArrayList<>();
    e.add(eval(SelfTestCase.CONTROL, Rule.FEATURE_PSI, "income", 0.01));
    e.add(eval(SelfTestCase.CONTROL, Rule.PARITY_RATIO, "gender", 0.97));
    e.add(eval(SelfTestCase.FEATURE_SHIFT, Rule.FEATURE_PSI, "income", 3.2));
    e.add(eval(SelfTestCase.FEATURE_SHIFT, Rule.FEATURE_PSI, "age", 0.0));
    e.add(eval(SelfTestCase.SCORE_SHIFT, Rule.SCORE_PSI, "", 2.1));
    e.add(eval(SelfTestCase.MISSING_SPIKE, Rule.MISSING_RATE, "income", 1.0));
    e.add(eval(SelfTestCase.NEW_CATEGORY, Rule.FEATURE_PSI, "channel", 5.0));
    e.add(eval(SelfTestCase.OUT_OF_RANGE, Rule.OUT_OF_RANGE_RATE, "income", 1.0));
    e.add(eval(SelfTestCase.GROUP_DISPARITY, Rule.PARITY_RATIO, "gender", 0.0));
    e.add(eval(SelfTestCase.LATENCY_SPIKE, Rule.LATENCY_P99_MS, "", 10_000));
    e.add(eval(SelfTestCase.ERROR_SPIKE, Rule.ERROR_RATE, "", 1.0));
    return e;
  }

  @Test
  void passesWhenEveryRuleFiresOnItsCaseAndTheControlIsQuiet() {
    SelfTestVerdict v =
        SelfTestVerdict.judge(SelfTestPlan.plan(spec(full()), baseline(), T), T, everyCaseFires());
    assertTrue(v.passed(), v.failures().toString());
    assertEquals(List.of(), v.failures());
    assertEquals(SelfTestVerdict.Result.QUIET, v.cases().get(0).result());
    assertTrue(
        v.cases().stream().skip(1).allMatch(c -> c.result() == SelfTestVerdict.Result.FIRED),
        v.cases().toString());
  }

  @Test
  void failsWhenARuleDoesNotFireOrIsOffOrTheControlRaises() {
    List<Injection> plan = SelfTestPlan.plan(spec(full()), baseline(), T);
    // The feature shift landed on the wrong feature's figure only: income's PSI stayed low.
    List<Evaluation> e = new ArrayList<>(everyCaseFires());
    e.removeIf(
        x ->
            x.observation().modelVersion().equals(SelfTestCase.FEATURE_SHIFT.version())
                && x.observation().subject().equals("income"));
    e.add(eval(SelfTestCase.FEATURE_SHIFT, Rule.FEATURE_PSI, "income", 0.02));
    SelfTestVerdict notFired = SelfTestVerdict.judge(plan, T, e);
    assertFalse(notFired.passed());
    assertEquals(
        List.of("feature_shift: rule psi did not fire (measured 0.02000 against 0.1000)"),
        notFired.failures());

    // The control drifted on its own.
    List<Evaluation> noisy = new ArrayList<>(everyCaseFires());
    noisy.add(eval(SelfTestCase.CONTROL, Rule.MISSING_RATE, "income", 0.5));
    SelfTestVerdict raised = SelfTestVerdict.judge(plan, T, noisy);
    assertFalse(raised.passed());
    assertEquals(
        List.of("the control raised missing_rate on income (CRITICAL: 0.5000 against 0.2500)"),
        raised.failures());

    // A rule turned off: its case cannot fire.
    Thresholds off =
        io.steward.common.decisions.ThresholdPolicy.NONE.resolve(
            RiskTier.MEDIUM,
            spec(full().set("thresholds", "{error_rate_warn: null, error_rate_max: null}"))
                .thresholds(),
            "of model card");
    SelfTestVerdict ruleOff = SelfTestVerdict.judge(plan, off, everyCaseFires());
    assertFalse(ruleOff.passed());
    assertEquals(
        List.of(
            "error_spike: rule error_rate is off in this model's thresholds, so it would raise"
                + " nothing"),
        ruleOff.failures());
  }
}
