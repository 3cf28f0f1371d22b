package io.steward.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The agreement of two sets of figures, without Spark: tolerances, one-sided keys, nothing. */
class AgreementTest {
  private static final String PSI = "feature_drift/psi/m/v1/f0/-";
  private static final String AUC = "performance_metrics/auc/m/v1/-/-";
  private static final String RATE = "fairness_metrics/selection_rate/m/v1/gender/F";
  private static final String P95 = "operational_metrics/latency_p95/m/v1/-/-";
  private static final String LAG = "performance_metrics/label_lag_p50_hours/m/v1/-/-";
  private static final String ROWS = "operational_metrics/row_count/m/-/-/-";

  private static Map<String, Double> steward() {
    Map<String, Double> s = new HashMap<>();
    s.put(PSI, 0.0123456789);
    s.put(AUC, 0.81);
    s.put(RATE, 0.4);
    s.put(P95, 100.0);
    s.put(LAG, 0.05);
    s.put(ROWS, 10_000.0);
    return s;
  }

  @Test
  void equalFiguresAgreeAndAreCountedPerFamily() {
    Map<String, Double> rival = steward();
    rival.put(PSI, 0.0123456789 + 5e-10);
    rival.put(P95, 100.9); // the sketch's representative is within 1% of the exact value
    rival.put(LAG, 0.0505); // 1% of 0.05 plus the sketch's smallest value, 0.001
    Agreement a = Agreement.of(steward(), rival, Agreement.Scope.EVERY);
    assertTrue(a.agree(), a.summary());
    assertEquals(6, a.compared());
    assertEquals(1, a.families().get(Agreement.Family.DRIFT).compared());
    assertEquals(2, a.families().get(Agreement.Family.QUANTILE).compared());
    assertEquals(
        0.9, a.families().get(Agreement.Family.QUANTILE).worstDifference(), 1e-12, a.summary());
    assertEquals(P95, a.families().get(Agreement.Family.QUANTILE).worstKey());
    assertTrue(a.summary().startsWith("agreement: 6 figures, drift n=1"), a.summary());
    assertTrue(a.summary().endsWith(": agree"), a.summary());
  }

  @Test
  void aPerturbedFigureFailsAndIsNamed() {
    for (String key : steward().keySet()) {
      Map<String, Double> rival = steward();
      double v = rival.get(key);
      rival.put(key, key.equals(P95) ? v * 1.03 : key.equals(AUC) ? v + 2e-4 : v + 1e-6);
      if (key.equals(LAG)) {
        rival.put(key, v + 0.002);
      }
      Agreement a = Agreement.of(steward(), rival, Agreement.Scope.EVERY);
      assertFalse(a.agree(), key + ": " + a.summary());
      assertTrue(a.summary().contains("1 outside, worst " + key), a.summary());
      assertTrue(a.summary().endsWith(": DISAGREE"), a.summary());
    }
  }

  @Test
  void theBinnedAucAgreesWithinTheBinsBound() {
    Map<String, Double> rival = steward();
    rival.put(AUC, 0.81 + 0.9e-4);
    assertTrue(Agreement.of(steward(), rival, Agreement.Scope.EVERY).agree());
    rival.put(AUC, 0.81 + 1.1e-4);
    Agreement a = Agreement.of(steward(), rival, Agreement.Scope.EVERY);
    assertFalse(a.agree(), a.summary());
    assertEquals(1, a.families().get(Agreement.Family.AUC).failed());
  }

  @Test
  void aStewardFigureTheRivalLacksFailsUnlessTheRivalHasADocumentedSubset() {
    Map<String, Double> rival = steward();
    rival.remove(ROWS);
    Agreement every = Agreement.of(steward(), rival, Agreement.Scope.EVERY);
    assertFalse(every.agree(), every.summary());
    assertEquals(java.util.List.of(ROWS + " (steward only)"), every.oneSided());
    assertTrue(every.summary().contains("on one side only: 1 (" + ROWS), every.summary());
    assertTrue(Agreement.of(steward(), rival, Agreement.Scope.RIVAL_KEYS).agree());
  }

  @Test
  void aRivalFigureStewardLacksFailsInEitherScope() {
    Map<String, Double> rival = steward();
    rival.put("fairness_metrics/tpr/m/v1/gender/X", 0.5);
    for (Agreement.Scope scope : Agreement.Scope.values()) {
      Agreement a = Agreement.of(steward(), rival, scope);
      assertFalse(a.agree(), a.summary());
      assertEquals(
          java.util.List.of("fairness_metrics/tpr/m/v1/gender/X (rival only)"), a.oneSided());
    }
  }

  @Test
  void nothingComparedFails() {
    Agreement a = Agreement.of(Map.of(), Map.of(), Agreement.Scope.EVERY);
    assertEquals(0, a.compared());
    assertFalse(a.agree());
    assertEquals("agreement: 0 figures: DISAGREE", a.summary());
    assertFalse(Agreement.NOT_CHECKED.agree());
  }

  @Test
  void aNaNFigureFails() {
    Map<String, Double> rival = steward();
    rival.put(RATE, Double.NaN);
    Agreement a = Agreement.of(steward(), rival, Agreement.Scope.EVERY);
    assertFalse(a.agree(), a.summary());
  }
}
