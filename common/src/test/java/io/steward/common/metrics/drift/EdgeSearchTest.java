package io.steward.common.metrics.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EdgeSearchTest {
  static int linear(double[] e, double v) {
    for (int i = 0; i < e.length; i++) {
      if (v <= e[i]) {
        return i;
      }
    }
    return e.length;
  }

  @Test
  void agreesWithALinearScanOnEdgesValuesAndBetween() {
    Random r = new Random(11);
    for (int n = 0; n <= 40; n++) {
      double[] e = new double[n];
      for (int i = 0; i < n; i++) {
        e[i] = Math.round(r.nextGaussian() * 10) / 2.0; // repeated edges too
      }
      Arrays.sort(e);
      for (int k = 0; k < 500; k++) {
        double v = k % 3 == 0 && n > 0 ? e[r.nextInt(n)] : Math.round(r.nextGaussian() * 40) / 4.0;
        assertEquals(linear(e, v), NumericSlots.firstEdgeAtLeast(e, v), n + " edges, value " + v);
      }
      assertEquals(linear(e, Double.NEGATIVE_INFINITY), NumericSlots.firstEdgeAtLeast(e, -1e300));
      assertEquals(
          linear(e, Double.POSITIVE_INFINITY),
          NumericSlots.firstEdgeAtLeast(e, Double.POSITIVE_INFINITY));
    }
  }
}
