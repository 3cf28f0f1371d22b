package io.steward.common.metrics.shadow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.steward.common.metrics.window.Outcomes;
import java.util.List;
import java.util.Map;

/** Compares two comparisons' figures to a rounding error: sums taken in another order differ. */
final class Close {
  private Close() {}

  static final double TOLERANCE = 1e-9;

  static void figures(PairFigures expected, PairFigures actual) {
    assertEquals(expected.pairs(), actual.pairs(), "pairs");
    value("coverage", expected.coverage(), actual.coverage());
    value("agreement", expected.agreement(), actual.agreement());
    value("mean_abs_diff", expected.meanAbsDiff(), actual.meanAbsDiff());
    value("p95_abs_diff", expected.p95AbsDiff(), actual.p95AbsDiff());
    value("score_psi", expected.scorePsi(), actual.scorePsi());
    side("champion", expected.champion(), actual.champion());
    side("challenger", expected.challenger(), actual.challenger());
    parity("champion", expected.championParity(), actual.championParity());
    parity("challenger", expected.challengerParity(), actual.challengerParity());
  }

  private static void side(String name, List<Outcomes.Figure> e, List<Outcomes.Figure> a) {
    assertEquals(e.size(), a.size(), name);
    for (int i = 0; i < e.size(); i++) {
      assertEquals(e.get(i).metric(), a.get(i).metric(), name);
      assertEquals(e.get(i).n(), a.get(i).n(), name + " " + e.get(i).metric() + " n");
      value(name + " " + e.get(i).metric(), e.get(i).value(), a.get(i).value());
    }
  }

  private static void parity(String name, Map<String, Double> e, Map<String, Double> a) {
    assertEquals(e.keySet(), a.keySet(), name + " parity attributes");
    e.forEach((k, v) -> value(name + " parity " + k, v, a.get(k)));
  }

  private static void value(String name, Double e, Double a) {
    if (e == null) {
      assertNull(a, name);
    } else {
      assertEquals(e, a, TOLERANCE, name);
    }
  }
}
