package io.steward.common.metrics.fairness;

import static io.steward.common.metrics.fairness.FairnessSummary.ACCURACY;
import static io.steward.common.metrics.fairness.FairnessSummary.ACCURACY_DISPARITY;
import static io.steward.common.metrics.fairness.FairnessSummary.ADVERSE_ACTION_RATE;
import static io.steward.common.metrics.fairness.FairnessSummary.DEMOGRAPHIC_PARITY_DIFFERENCE;
import static io.steward.common.metrics.fairness.FairnessSummary.DEMOGRAPHIC_PARITY_RATIO;
import static io.steward.common.metrics.fairness.FairnessSummary.EQUALIZED_ODDS_DIFFERENCE;
import static io.steward.common.metrics.fairness.FairnessSummary.FPR;
import static io.steward.common.metrics.fairness.FairnessSummary.N;
import static io.steward.common.metrics.fairness.FairnessSummary.SELECTION_RATE;
import static io.steward.common.metrics.fairness.FairnessSummary.TPR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.common.metrics.fairness.FairnessSummary.Figure;
import io.steward.common.metrics.stats.Interval;
import io.steward.common.metrics.stats.Intervals;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * Fairness figures against hand computations with Fairlearn's definitions: a difference is the
 * largest minus the smallest group rate, the demographic parity ratio the smallest over the largest
 * selection rate, the equalized odds difference the larger of the TPR and FPR differences. The
 * interval methods themselves are checked against published examples in IntervalsTest; here the
 * counts they are given are worked out by hand.
 */
class FairnessSummaryTest {
  private static final double Z = 1.959963984540054;
  private static final double TOL = 1e-12;

  // Selection 60/100 = 0.6; TPR 40/50 = 0.8; FPR 20/50 = 0.4; accuracy 70/100 = 0.7.
  private static final GroupCounts A = new GroupCounts("a", 100, 100, 60, 100, 40, 20, 30, 10);
  // Selection 20/50 = 0.4; TPR 15/20 = 0.75; FPR 5/20 = 0.25; accuracy 30/40 = 0.75.
  private static final GroupCounts B = new GroupCounts("b", 50, 50, 20, 40, 15, 5, 15, 5);
  // Selection 40/80 = 0.5; TPR 30/40 = 0.75; FPR 10/40 = 0.25; accuracy 60/80 = 0.75.
  private static final GroupCounts C = new GroupCounts("c", 80, 80, 40, 80, 30, 10, 30, 10);

  private static Figure find(List<Figure> figures, String group, String metric) {
    for (Figure f : figures) {
      if (Objects.equals(f.groupValue(), group) && f.metric().equals(metric)) {
        return f;
      }
    }
    throw new AssertionError("no figure " + metric + " for group " + group);
  }

  private static void assertFigure(
      List<Figure> figures, String group, String metric, double value, Interval ci) {
    Figure f = find(figures, group, metric);
    assertEquals(value, f.value(), TOL, metric + " of " + group);
    assertEquals(ci, f.ci(), metric + " of " + group);
    assertFalse(f.suppressed());
    assertEquals("sex", f.attribute());
  }

  private static void assertEmpty(Figure f, boolean suppressed) {
    assertNull(f.value(), f.metric());
    assertNull(f.ci(), f.metric());
    assertEquals(suppressed, f.suppressed(), f.metric());
  }

  @Test
  void threeGroupsByHand() {
    List<Figure> figures = FairnessSummary.summarize("sex", List.of(A, B, C), 10);
    // Six figures per group in input order, then four for the attribute.
    List<String> order = new ArrayList<>();
    for (Figure f : figures) {
      order.add(f.groupValue() + "/" + f.metric());
    }
    assertEquals(
        List.of(
            "a/n",
            "a/selection_rate",
            "a/adverse_action_rate",
            "a/tpr",
            "a/fpr",
            "a/accuracy",
            "b/n",
            "b/selection_rate",
            "b/adverse_action_rate",
            "b/tpr",
            "b/fpr",
            "b/accuracy",
            "c/n",
            "c/selection_rate",
            "c/adverse_action_rate",
            "c/tpr",
            "c/fpr",
            "c/accuracy",
            "null/demographic_parity_ratio",
            "null/demographic_parity_difference",
            "null/equalized_odds_difference",
            "null/accuracy_disparity"),
        order);

    // Group a: n 100; selection 60/100; adverse 40/100; TPR 40/(40+10); FPR 20/(20+30);
    // accuracy (40+30)/100; each with the Wilson interval of those counts.
    assertFigure(figures, "a", N, 100, null);
    assertFigure(figures, "a", SELECTION_RATE, 0.6, Intervals.wilson(60, 100));
    assertFigure(figures, "a", ADVERSE_ACTION_RATE, 0.4, Intervals.wilson(40, 100));
    assertFigure(figures, "a", TPR, 0.8, Intervals.wilson(40, 50));
    assertFigure(figures, "a", FPR, 0.4, Intervals.wilson(20, 50));
    assertFigure(figures, "a", ACCURACY, 0.7, Intervals.wilson(70, 100));
    // Group b: n 50; selection 20/50; adverse 30/50; TPR 15/20; FPR 5/20; accuracy 30/40.
    assertFigure(figures, "b", N, 50, null);
    assertFigure(figures, "b", SELECTION_RATE, 0.4, Intervals.wilson(20, 50));
    assertFigure(figures, "b", ADVERSE_ACTION_RATE, 0.6, Intervals.wilson(30, 50));
    assertFigure(figures, "b", TPR, 0.75, Intervals.wilson(15, 20));
    assertFigure(figures, "b", FPR, 0.25, Intervals.wilson(5, 20));
    assertFigure(figures, "b", ACCURACY, 0.75, Intervals.wilson(30, 40));
    // Group c: n 80; selection 40/80; adverse 40/80; TPR 30/40; FPR 10/40; accuracy 60/80.
    assertFigure(figures, "c", N, 80, null);
    assertFigure(figures, "c", SELECTION_RATE, 0.5, Intervals.wilson(40, 80));
    assertFigure(figures, "c", ADVERSE_ACTION_RATE, 0.5, Intervals.wilson(40, 80));
    assertFigure(figures, "c", TPR, 0.75, Intervals.wilson(30, 40));
    assertFigure(figures, "c", FPR, 0.25, Intervals.wilson(10, 40));
    assertFigure(figures, "c", ACCURACY, 0.75, Intervals.wilson(60, 80));

    // Selection rates 0.6, 0.4, 0.5: smallest b, largest a.
    // Ratio 0.4 / 0.6 = 2/3; Katz: SE = sqrt(1/20 - 1/50 + 1/60 - 1/100) = sqrt(0.0366667)
    // = 0.1914854; (2/3) * exp(-+ z * 0.1914854) = [0.4580533, 0.9702897].
    double se = Math.sqrt(1.0 / 20 - 1.0 / 50 + 1.0 / 60 - 1.0 / 100);
    Figure ratio = find(figures, null, DEMOGRAPHIC_PARITY_RATIO);
    assertEquals(2.0 / 3, ratio.value(), TOL);
    assertEquals(2.0 / 3 * Math.exp(-Z * se), ratio.ci().low(), TOL);
    assertEquals(2.0 / 3 * Math.exp(Z * se), ratio.ci().high(), TOL);
    assertEquals(0.4580533, ratio.ci().low(), 1e-7);
    assertEquals(0.9702897, ratio.ci().high(), 1e-7);
    // Difference 0.6 - 0.4 = 0.2, Newcombe of a (60/100) minus b (20/50).
    assertFigure(
        figures,
        null,
        DEMOGRAPHIC_PARITY_DIFFERENCE,
        0.2,
        Intervals.newcombeDifference(60, 100, 20, 50));
    // TPR 0.8, 0.75, 0.75: gap 0.05 (b is the first of the tied smallest).
    // FPR 0.4, 0.25, 0.25: gap 0.15, the larger: a (20/50) minus b (5/20).
    assertFigure(
        figures,
        null,
        EQUALIZED_ODDS_DIFFERENCE,
        0.15,
        Intervals.newcombeDifference(20, 50, 5, 20));
    // Accuracy 0.7, 0.75, 0.75: gap 0.05, b (first of the tied largest, 30/40) minus a (70/100).
    assertFigure(
        figures, null, ACCURACY_DISPARITY, 0.05, Intervals.newcombeDifference(30, 40, 70, 100));
  }

  @Test
  void suppressedGroupIsLeftOutOfEveryGap() {
    // s has 5 rows (< 10) and would give selection 0, TPR 0 and accuracy 3/5 if counted.
    GroupCounts s = new GroupCounts("s", 5, 5, 0, 5, 0, 0, 3, 2);
    List<Figure> figures = FairnessSummary.summarize("sex", List.of(A, s, C), 10);
    Figure size = find(figures, "s", N);
    assertEquals(5.0, size.value());
    assertNull(size.ci());
    assertTrue(size.suppressed());
    for (String metric : List.of(SELECTION_RATE, ADVERSE_ACTION_RATE, TPR, FPR, ACCURACY)) {
      assertEmpty(find(figures, "s", metric), true);
    }
    // From a and c only. Selection 0.6, 0.5: ratio 0.5/0.6 = 5/6, Katz of c (40/80) over a
    // (60/100): SE = sqrt(1/40 - 1/80 + 1/60 - 1/100); difference 0.1, Newcombe a minus c.
    double se = Math.sqrt(1.0 / 40 - 1.0 / 80 + 1.0 / 60 - 1.0 / 100);
    Figure ratio = find(figures, null, DEMOGRAPHIC_PARITY_RATIO);
    assertEquals(5.0 / 6, ratio.value(), TOL);
    assertEquals(5.0 / 6 * Math.exp(-Z * se), ratio.ci().low(), TOL);
    assertEquals(5.0 / 6 * Math.exp(Z * se), ratio.ci().high(), TOL);
    assertFalse(ratio.suppressed());
    assertFigure(
        figures,
        null,
        DEMOGRAPHIC_PARITY_DIFFERENCE,
        0.1,
        Intervals.newcombeDifference(60, 100, 40, 80));
    // TPR 0.8, 0.75 (gap 0.05); FPR 0.4, 0.25 (gap 0.15): a (20/50) minus c (10/40).
    assertFigure(
        figures,
        null,
        EQUALIZED_ODDS_DIFFERENCE,
        0.15,
        Intervals.newcombeDifference(20, 50, 10, 40));
    // Accuracy 0.7, 0.75: c (60/80) minus a (70/100).
    assertFigure(
        figures, null, ACCURACY_DISPARITY, 0.05, Intervals.newcombeDifference(60, 80, 70, 100));
  }

  @Test
  void everyGroupSuppressedMarksTheAttributeFigures() {
    List<Figure> figures = FairnessSummary.summarize("sex", List.of(A, B), 1000);
    assertEquals(100.0, find(figures, "a", N).value());
    for (String metric :
        List.of(
            DEMOGRAPHIC_PARITY_RATIO,
            DEMOGRAPHIC_PARITY_DIFFERENCE,
            EQUALIZED_ODDS_DIFFERENCE,
            ACCURACY_DISPARITY)) {
      assertEmpty(find(figures, null, metric), true);
    }
  }

  @Test
  void oneGroupHasNoGaps() {
    List<Figure> figures = FairnessSummary.summarize("sex", List.of(A), 10);
    assertEquals(10, figures.size());
    assertFigure(figures, "a", SELECTION_RATE, 0.6, Intervals.wilson(60, 100));
    for (String metric :
        List.of(
            DEMOGRAPHIC_PARITY_RATIO,
            DEMOGRAPHIC_PARITY_DIFFERENCE,
            EQUALIZED_ODDS_DIFFERENCE,
            ACCURACY_DISPARITY)) {
      assertEmpty(find(figures, null, metric), false);
    }
  }

  @Test
  void noGroupsGivesEmptyAttributeFigures() {
    List<Figure> figures = FairnessSummary.summarize("sex", List.of(), 10);
    assertEquals(4, figures.size());
    for (Figure f : figures) {
      assertEmpty(f, false);
    }
  }

  @Test
  void groupWithoutPositivesIsLeftOutOfTheTprGapOnly() {
    // d: 30 labeled, all negative (TP = FN = 0): TPR undefined; FPR 0/30 = 0.
    GroupCounts d = new GroupCounts("d", 30, 30, 10, 30, 0, 0, 30, 0);
    List<Figure> figures = FairnessSummary.summarize("sex", List.of(A, B, d), 10);
    assertEmpty(find(figures, "d", TPR), false);
    assertFigure(figures, "d", FPR, 0.0, Intervals.wilson(0, 30));
    // TPR gap over a, b: 0.8 - 0.75 = 0.05 (0.8 had d counted as TPR 0).
    // FPR gap over a, b, d: 0.4 - 0 = 0.4, the larger: a (20/50) minus d (0/30).
    assertFigure(
        figures, null, EQUALIZED_ODDS_DIFFERENCE, 0.4, Intervals.newcombeDifference(20, 50, 0, 30));
  }

  @Test
  void equalizedOddsNeedsBothGaps() {
    // Only a has labeled positives: the TPR gap is undefined, so the larger gap is unknown.
    GroupCounts d = new GroupCounts("d", 30, 30, 10, 30, 0, 0, 30, 0);
    List<Figure> figures = FairnessSummary.summarize("sex", List.of(A, d), 10);
    assertEmpty(find(figures, null, EQUALIZED_ODDS_DIFFERENCE), false);
    // Accuracy 0.7 and 30/30 = 1: gap 0.3, d (30/30) minus a (70/100).
    assertFigure(
        figures, null, ACCURACY_DISPARITY, 0.3, Intervals.newcombeDifference(30, 30, 70, 100));
  }

  @Test
  void equalRatesStillCompareTwoGroups() {
    // Selection 30/60 = 20/40 = 0.5: smallest is e (first), largest f (the other group).
    GroupCounts e = new GroupCounts("e", 60, 60, 30, 0, 0, 0, 0, 0);
    GroupCounts f = new GroupCounts("f", 40, 40, 20, 0, 0, 0, 0, 0);
    List<Figure> figures = FairnessSummary.summarize("sex", List.of(e, f), 10);
    // Katz of e over f: ratio 1, SE = sqrt(1/30 - 1/60 + 1/20 - 1/40) = sqrt(1/24).
    Figure ratio = find(figures, null, DEMOGRAPHIC_PARITY_RATIO);
    assertEquals(1.0, ratio.value(), TOL);
    assertEquals(Math.exp(-Z * Math.sqrt(1.0 / 24)), ratio.ci().low(), TOL);
    assertEquals(Math.exp(Z * Math.sqrt(1.0 / 24)), ratio.ci().high(), TOL);
    assertFigure(
        figures,
        null,
        DEMOGRAPHIC_PARITY_DIFFERENCE,
        0.0,
        Intervals.newcombeDifference(20, 40, 30, 60));
    // Nothing labeled: the confusion-based gaps are undefined.
    assertEmpty(find(figures, null, EQUALIZED_ODDS_DIFFERENCE), false);
    assertEmpty(find(figures, null, ACCURACY_DISPARITY), false);
  }

  @Test
  void noFavorablePredictionsLeaveTheRatioUndefined() {
    // Selection 0/60 and 0/40: ratio 0/0 is undefined; difference 0, Newcombe of f minus e.
    GroupCounts e = new GroupCounts("e", 60, 60, 0, 0, 0, 0, 0, 0);
    GroupCounts f = new GroupCounts("f", 40, 40, 0, 0, 0, 0, 0, 0);
    List<Figure> figures = FairnessSummary.summarize("sex", List.of(e, f), 10);
    assertEmpty(find(figures, null, DEMOGRAPHIC_PARITY_RATIO), false);
    assertFigure(
        figures,
        null,
        DEMOGRAPHIC_PARITY_DIFFERENCE,
        0.0,
        Intervals.newcombeDifference(0, 40, 0, 60));
  }

  @Test
  void badInputIsRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> FairnessSummary.summarize("sex", List.of(A, A), 10));
    assertEquals("attribute 'sex' lists group 'a' twice", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> FairnessSummary.summarize("sex", List.of(A), -1));
    assertEquals(
        "a fairness summary needs an attribute, its groups and a minimum group size >= 0, but got"
            + " minimum -1",
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Figure("sex", null, "x", null, new Interval(0, 1), false));
    assertEquals("fairness figure x of sex has an interval but no value", e.getMessage());
  }
}
