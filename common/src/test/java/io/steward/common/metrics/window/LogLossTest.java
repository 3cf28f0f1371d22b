package io.steward.common.metrics.window;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LogLossTest {
  /** The exact loss of a negative label, by log1p (accurate to an ulp), to check the fast form. */
  static double reference(double score) {
    double p = Math.min(Math.max(score, Outcomes.CLIP), 1 - Outcomes.CLIP);
    return -Math.log1p(-p);
  }

  @Test
  void negativeLabelsLossIsAccurateAcrossTheWholeScoreRange() {
    Random r = new Random(7);
    double worst = 0;
    for (int i = 0; i < 200_000; i++) {
      // Scores spread over every order of magnitude, near 0 and near 1.
      double s = Math.pow(10, -16 * r.nextDouble());
      double score = r.nextBoolean() ? s : 1 - s;
      double want = reference(score);
      double got = Outcomes.logLoss(false, score);
      worst = Math.max(worst, Math.abs(got - want) / Math.max(want, Double.MIN_NORMAL));
    }
    assertEquals(0, worst, 1e-9, "worst relative error");
  }

  @Test
  void knownValues() {
    assertEquals(Math.log(2), Outcomes.logLoss(false, 0.5), 1e-15);
    assertEquals(Math.log(2), Outcomes.logLoss(true, 0.5), 1e-15);
    assertEquals(-Math.log(0.1), Outcomes.logLoss(false, 0.9), 1e-14);
    assertEquals(-Math.log(0.9), Outcomes.logLoss(true, 0.9), 1e-15);
    // Clipped at the ends: a certain wrong answer costs a finite loss.
    // (1 - CLIP is the nearest double to it, 1 - 1.11e-15.)
    assertEquals(-Math.log(1 - (1 - Outcomes.CLIP)), Outcomes.logLoss(false, 1.0), 1e-12);
    assertEquals(reference(1.0), Outcomes.logLoss(false, 1.0), 1e-12);
    assertEquals(-Math.log(Outcomes.CLIP), Outcomes.logLoss(true, 0.0), 1e-12);
  }
}
