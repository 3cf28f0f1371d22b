package io.steward.common.metrics.fairness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Group rates by hand and the checks of the counts. */
class GroupCountsTest {
  private static final double TOL = 1e-12;

  @Test
  void ratesByHand() {
    // 50 rows, 40 with a prediction, 10 favorable: selection 10/40 = 0.25, adverse 30/40 = 0.75.
    // 30 labeled: TP 6, FP 4, TN 16, FN 4 -> TPR 6/10 = 0.6, FPR 4/20 = 0.2, accuracy 22/30.
    GroupCounts g = new GroupCounts("a", 50, 40, 10, 30, 6, 4, 16, 4);
    assertEquals(0.25, g.selectionRate(), TOL);
    assertEquals(0.75, g.adverseActionRate(), TOL);
    assertEquals(0.6, g.tpr(), TOL);
    assertEquals(0.2, g.fpr(), TOL);
    assertEquals(22.0 / 30, g.accuracy(), TOL);
  }

  @Test
  void ratesWithoutADenominatorAreNull() {
    GroupCounts none = new GroupCounts("a", 3, 0, 0, 0, 0, 0, 0, 0);
    assertNull(none.selectionRate());
    assertNull(none.adverseActionRate());
    assertNull(none.tpr());
    assertNull(none.fpr());
    assertNull(none.accuracy());
    // Only negatives labeled: FPR and accuracy defined, TPR not.
    GroupCounts negativesOnly = new GroupCounts("b", 5, 5, 2, 5, 0, 2, 3, 0);
    assertNull(negativesOnly.tpr());
    assertEquals(0.4, negativesOnly.fpr(), TOL);
    assertEquals(0.6, negativesOnly.accuracy(), TOL);
  }

  @Test
  void inconsistentCountsAreRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new GroupCounts("a", 5, 5, 2, 4, 1, 1, 1, 0));
    assertEquals(
        "group 'a' has 4 labeled rows but its confusion counts add up to 3", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> new GroupCounts("a", 5, 6, 2, 0, 0, 0, 0, 0));
    assertEquals(
        "group 'a' needs favorable <= withPrediction <= n, but got 2, 6, 5", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> new GroupCounts("a", 5, 3, 4, 0, 0, 0, 0, 0));
    assertEquals(
        "group 'a' needs favorable <= withPrediction <= n, but got 4, 3, 5", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> new GroupCounts("a", 5, 5, 2, 0, 0, -1, 1, 0));
    assertEquals("group 'a' has a negative count", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> new GroupCounts(null, 5, 5, 2, 0, 0, 0, 0, 0));
    assertEquals("group counts need the group's attribute value", e.getMessage());
  }
}
