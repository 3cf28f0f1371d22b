package io.steward.common.metrics.fairness;

import io.steward.common.metrics.stats.Interval;
import io.steward.common.metrics.stats.Intervals;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * The fairness figures of one sensitive attribute: rates per group with Wilson intervals, and the
 * gaps between groups with intervals for a difference or a ratio of two proportions.
 *
 * <p>The gaps follow Fairlearn's definitions (Bird et al. 2020) with its default between-groups
 * method: a difference is the largest minus the smallest group rate, a ratio the smallest over the
 * largest, and the equalized odds difference the larger of the TPR and the FPR differences.
 */
public final class FairnessSummary {
  private FairnessSummary() {}

  /** Metric of a group's size. */
  public static final String N = "n";

  /** Metric of a group's selection rate, {@link GroupCounts#selectionRate()}. */
  public static final String SELECTION_RATE = "selection_rate";

  /** Metric of a group's adverse action rate, {@link GroupCounts#adverseActionRate()}. */
  public static final String ADVERSE_ACTION_RATE = "adverse_action_rate";

  /** Metric of a group's true positive rate, {@link GroupCounts#tpr()}. */
  public static final String TPR = "tpr";

  /** Metric of a group's false positive rate, {@link GroupCounts#fpr()}. */
  public static final String FPR = "fpr";

  /** Metric of a group's accuracy, {@link GroupCounts#accuracy()}. */
  public static final String ACCURACY = "accuracy";

  /** Metric of an attribute: smallest over largest selection rate. */
  public static final String DEMOGRAPHIC_PARITY_RATIO = "demographic_parity_ratio";

  /** Metric of an attribute: largest minus smallest selection rate. */
  public static final String DEMOGRAPHIC_PARITY_DIFFERENCE = "demographic_parity_difference";

  /** Metric of an attribute: the larger of the TPR and the FPR differences. */
  public static final String EQUALIZED_ODDS_DIFFERENCE = "equalized_odds_difference";

  /** Metric of an attribute: largest minus smallest accuracy. */
  public static final String ACCURACY_DISPARITY = "accuracy_disparity";

  /**
   * One output figure.
   *
   * @param attribute the sensitive attribute
   * @param groupValue the group for a group figure, null for an attribute figure
   * @param metric one of the metric names of {@link FairnessSummary}
   * @param value null when undefined or suppressed
   * @param ci 95% interval of the value, null when there is none
   * @param suppressed whether the value was withheld because the group is too small (for an
   *     attribute figure: because every group is)
   */
  public record Figure(
      String attribute,
      String groupValue,
      String metric,
      Double value,
      Interval ci,
      boolean suppressed) {
    public Figure {
      if (attribute == null || metric == null) {
        throw new IllegalArgumentException("a fairness figure needs an attribute and a metric");
      }
      if (ci != null && value == null) {
        throw new IllegalArgumentException(
            "fairness figure " + metric + " of " + attribute + " has an interval but no value");
      }
    }
  }

  /** A group rate as events over trials, with its metric name. */
  private enum GroupRate {
    SELECTION(SELECTION_RATE, GroupCounts::favorable, GroupCounts::withPrediction),
    ADVERSE_ACTION(
        ADVERSE_ACTION_RATE, g -> g.withPrediction() - g.favorable(), GroupCounts::withPrediction),
    TRUE_POSITIVE(TPR, GroupCounts::truePositives, g -> g.truePositives() + g.falseNegatives()),
    FALSE_POSITIVE(FPR, GroupCounts::falsePositives, g -> g.falsePositives() + g.trueNegatives()),
    CORRECT(ACCURACY, g -> g.truePositives() + g.trueNegatives(), GroupCounts::labeled);

    final String metric;
    final ToLongFunction<GroupCounts> events;
    final ToLongFunction<GroupCounts> trials;

    GroupRate(
        String metric, ToLongFunction<GroupCounts> events, ToLongFunction<GroupCounts> trials) {
      this.metric = metric;
      this.events = events;
      this.trials = trials;
    }

    Double value(GroupCounts g) {
      long t = trials.applyAsLong(g);
      return t == 0 ? null : (double) events.applyAsLong(g) / t;
    }

    Interval wilson(GroupCounts g) {
      return Intervals.wilson(events.applyAsLong(g), trials.applyAsLong(g));
    }
  }

  /** The groups with the smallest and the largest value of one rate. */
  private record Gap(GroupRate rate, GroupCounts min, GroupCounts max) {
    /**
     * The gap among the groups whose rate is defined, null when fewer than two are. Ties go to the
     * first group in input order, and the largest is never the group already taken as the smallest,
     * so that equal rates still compare two groups.
     */
    static Gap of(GroupRate rate, List<GroupCounts> groups) {
      List<GroupCounts> defined = new ArrayList<>();
      for (GroupCounts g : groups) {
        if (rate.value(g) != null) {
          defined.add(g);
        }
      }
      if (defined.size() < 2) {
        return null;
      }
      int min = 0;
      for (int i = 1; i < defined.size(); i++) {
        if (rate.value(defined.get(i)) < rate.value(defined.get(min))) {
          min = i;
        }
      }
      int max = min == 0 ? 1 : 0;
      for (int i = max + 1; i < defined.size(); i++) {
        if (i != min && rate.value(defined.get(i)) > rate.value(defined.get(max))) {
          max = i;
        }
      }
      return new Gap(rate, defined.get(min), defined.get(max));
    }

    double difference() {
      return rate.value(max) - rate.value(min);
    }

    double ratio() {
      return rate.value(min) / rate.value(max);
    }

    Interval ratioInterval() {
      return Intervals.katzRatio(
          rate.events.applyAsLong(min),
          rate.trials.applyAsLong(min),
          rate.events.applyAsLong(max),
          rate.trials.applyAsLong(max));
    }

    Interval differenceInterval() {
      return Intervals.newcombeDifference(
          rate.events.applyAsLong(max),
          rate.trials.applyAsLong(max),
          rate.events.applyAsLong(min),
          rate.trials.applyAsLong(min));
    }
  }

  /**
   * {@code summarize}: the group and attribute fairness figures of one attribute: demographic
   * parity (Feldman et al. 2015 for the ratio), equalized odds (Hardt, Price & Srebro 2016) and
   * accuracy disparity, as Fairlearn computes them (Bird et al. 2020), with Wilson (1927) intervals
   * per group, Newcombe (1998) intervals for differences and Katz et al. (1978) intervals for the
   * ratio.
   *
   * <p>Per group, in input order: {@link #N} (never withheld, no interval), then {@link
   * #SELECTION_RATE}, {@link #ADVERSE_ACTION_RATE}, {@link #TPR}, {@link #FPR} and {@link
   * #ACCURACY}, each with the Wilson interval of its events over its trials. A group with fewer
   * than {@code minGroupSize} rows is suppressed: its rates have no value and no interval and it
   * takes part in no gap.
   *
   * <p>Then per attribute (groupValue null), over the groups not suppressed whose rate is defined;
   * with fewer than two such groups the figure has no value. The smallest and largest rates are
   * those of the first group in input order that has them; when all rates are equal the largest is
   * taken from the second group so that two groups are compared.
   *
   * <ul>
   *   <li>{@link #DEMOGRAPHIC_PARITY_RATIO}: smallest / largest selection rate, Katz interval of
   *       (smallest group, largest group); no value when the largest rate is 0.
   *   <li>{@link #DEMOGRAPHIC_PARITY_DIFFERENCE}: largest - smallest selection rate, Newcombe
   *       interval of (largest group, smallest group).
   *   <li>{@link #EQUALIZED_ODDS_DIFFERENCE}: the larger of the TPR and the FPR differences (the
   *       TPR one on a tie), with the Newcombe interval of the pair of groups behind it; no value
   *       unless both differences are defined, because the larger of a known and an unknown gap is
   *       unknown.
   *   <li>{@link #ACCURACY_DISPARITY}: largest - smallest accuracy, Newcombe interval of that pair.
   * </ul>
   *
   * Attribute figures are marked suppressed only when there are groups and every one of them is
   * suppressed.
   *
   * @param attribute the sensitive attribute
   * @param groups one entry per attribute value, each value once
   * @param minGroupSize the fewest rows a group needs for its figures to be shown, 0 or more
   */
  public static List<Figure> summarize(
      String attribute, List<GroupCounts> groups, int minGroupSize) {
    if (attribute == null || groups == null || minGroupSize < 0) {
      throw new IllegalArgumentException(
          "a fairness summary needs an attribute, its groups and a minimum group size >= 0, but"
              + " got minimum "
              + minGroupSize);
    }
    Set<String> seen = new HashSet<>();
    for (GroupCounts g : groups) {
      if (g == null || !seen.add(g.group())) {
        throw new IllegalArgumentException(
            "attribute '"
                + attribute
                + "' lists "
                + (g == null ? "a missing group" : "group '" + g.group() + "' twice"));
      }
    }

    List<Figure> figures = new ArrayList<>();
    List<GroupCounts> shown = new ArrayList<>();
    for (GroupCounts g : groups) {
      boolean suppressed = g.n() < minGroupSize;
      figures.add(new Figure(attribute, g.group(), N, (double) g.n(), null, suppressed));
      for (GroupRate rate : GroupRate.values()) {
        figures.add(
            suppressed
                ? new Figure(attribute, g.group(), rate.metric, null, null, true)
                : new Figure(
                    attribute, g.group(), rate.metric, rate.value(g), rate.wilson(g), false));
      }
      if (!suppressed) {
        shown.add(g);
      }
    }

    boolean allSuppressed = !groups.isEmpty() && shown.isEmpty();
    Gap selection = Gap.of(GroupRate.SELECTION, shown);
    boolean ratioDefined = selection != null && selection.rate.value(selection.max) > 0;
    figures.add(
        ratioDefined
            ? new Figure(
                attribute,
                null,
                DEMOGRAPHIC_PARITY_RATIO,
                selection.ratio(),
                selection.ratioInterval(),
                allSuppressed)
            : new Figure(attribute, null, DEMOGRAPHIC_PARITY_RATIO, null, null, allSuppressed));
    figures.add(gapFigure(attribute, DEMOGRAPHIC_PARITY_DIFFERENCE, selection, allSuppressed));

    Gap tpr = Gap.of(GroupRate.TRUE_POSITIVE, shown);
    Gap fpr = Gap.of(GroupRate.FALSE_POSITIVE, shown);
    Gap odds = tpr == null || fpr == null ? null : fpr.difference() > tpr.difference() ? fpr : tpr;
    figures.add(gapFigure(attribute, EQUALIZED_ODDS_DIFFERENCE, odds, allSuppressed));
    figures.add(
        gapFigure(attribute, ACCURACY_DISPARITY, Gap.of(GroupRate.CORRECT, shown), allSuppressed));
    return figures;
  }

  private static Figure gapFigure(String attribute, String metric, Gap gap, boolean suppressed) {
    return gap == null
        ? new Figure(attribute, null, metric, null, null, suppressed)
        : new Figure(
            attribute, null, metric, gap.difference(), gap.differenceInterval(), suppressed);
  }
}
