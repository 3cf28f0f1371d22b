package io.steward.common.metrics.shadow;

import io.steward.common.metrics.stats.Interval;
import io.steward.common.metrics.window.Outcomes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The recommendation drawn from one comparison: PROMOTE the challenger, KEEP the champion, or
 * ROLLBACK to the version that was champion before a promotion.
 *
 * <p>Before a promotion (the challenger in shadow): PROMOTE when the night has enough pairs, no
 * material discrepancy, a challenger whose AUC is not below the champion's (their 95% intervals
 * apart) and whose parity ratio does not fall under the floor where the champion's is above it;
 * otherwise KEEP, with each reason. After a promotion (the previous champion watched in shadow, as
 * the challenger of the comparison): ROLLBACK when the new champion's AUC is below the previous
 * one's (intervals apart) or its parity ratio fell under the floor where the previous one's was
 * above; otherwise KEEP.
 *
 * @param materialDiscrepancy whether a discrepancy threshold was passed
 * @param enoughPairs whether the night has at least the threshold's pairs
 * @param reasons why, one line each
 */
public record ShadowVerdict(
    Verdict verdict, boolean materialDiscrepancy, boolean enoughPairs, List<String> reasons) {

  public enum Verdict {
    PROMOTE,
    KEEP,
    ROLLBACK
  }

  public ShadowVerdict {
    reasons = List.copyOf(reasons);
  }

  /** Whether the night counts as clean shadow evidence for the PRODUCTION gate. */
  public boolean clean() {
    return enoughPairs && !materialDiscrepancy;
  }

  /**
   * @param watching whether the comparison watches the previous champion after a promotion
   */
  public static ShadowVerdict judge(PairFigures f, ShadowThresholds t, boolean watching) {
    List<String> reasons = new ArrayList<>();
    boolean enough = f.pairs() >= t.minPairs();
    if (!enough) {
      reasons.add(f.pairs() + " pair(s), fewer than the " + t.minPairs() + " a night needs");
    }
    boolean discrepancy = false;
    if (f.agreement() != null && 1 - f.agreement() > t.maxDisagreement()) {
      discrepancy = true;
      reasons.add(
          "decisions disagree on "
              + pct(1 - f.agreement())
              + " of pairs, above the "
              + pct(t.maxDisagreement())
              + " allowed");
    }
    if (f.scorePsi() != null && f.scorePsi() > t.maxScorePsi()) {
      discrepancy = true;
      reasons.add(
          "score PSI between the versions "
              + num(f.scorePsi())
              + ", above the "
              + num(t.maxScorePsi())
              + " allowed");
    }
    if (f.meanAbsDiff() != null && f.meanAbsDiff() > t.maxMeanAbsDiff()) {
      discrepancy = true;
      reasons.add(
          "mean absolute score difference "
              + num(f.meanAbsDiff())
              + ", above the "
              + num(t.maxMeanAbsDiff())
              + " allowed");
    }
    Outcomes.Figure champion = PairFigures.metric(f.champion(), "auc");
    Outcomes.Figure challenger = PairFigures.metric(f.challenger(), "auc");
    boolean challengerWorse = below(challenger, champion);
    boolean championWorse = below(champion, challenger);
    List<String> unfair = fellUnder(f.challengerParity(), f.championParity(), t.parityFloor());
    List<String> unfairNow = fellUnder(f.championParity(), f.challengerParity(), t.parityFloor());

    if (watching) {
      if (championWorse || !unfairNow.isEmpty()) {
        if (championWorse) {
          reasons.add(
              "the new champion's "
                  + auc(champion)
                  + " is below the previous one's "
                  + auc(challenger));
        }
        unfairNow.forEach(
            a ->
                reasons.add(
                    "the new champion's parity ratio on "
                        + a
                        + " fell under "
                        + num(t.parityFloor())));
        return new ShadowVerdict(Verdict.ROLLBACK, discrepancy, enough, reasons);
      }
      reasons.add("the new champion holds against the previous one");
      return new ShadowVerdict(Verdict.KEEP, discrepancy, enough, reasons);
    }
    if (challengerWorse) {
      reasons.add(
          "the challenger's " + auc(challenger) + " is below the champion's " + auc(champion));
    }
    unfair.forEach(
        a ->
            reasons.add(
                "the challenger's parity ratio on " + a + " falls under " + num(t.parityFloor())));
    if (enough && !discrepancy && !challengerWorse && unfair.isEmpty()) {
      reasons.add("no material discrepancy in " + f.pairs() + " pairs");
      return new ShadowVerdict(Verdict.PROMOTE, false, true, reasons);
    }
    return new ShadowVerdict(Verdict.KEEP, discrepancy, enough, reasons);
  }

  /** Whether a's interval lies wholly below b's. */
  static boolean below(Outcomes.Figure a, Outcomes.Figure b) {
    if (a == null || b == null || a.ci() == null || b.ci() == null) {
      return false;
    }
    Interval x = a.ci();
    Interval y = b.ci();
    return x.high() < y.low();
  }

  /** The attributes whose ratio is under the floor on one side and at or above it on the other. */
  private static List<String> fellUnder(
      Map<String, Double> side, Map<String, Double> other, double floor) {
    List<String> out = new ArrayList<>();
    side.forEach(
        (attribute, ratio) -> {
          Double o = other.get(attribute);
          if (ratio != null && ratio < floor && (o == null || o >= floor)) {
            out.add(attribute);
          }
        });
    return out;
  }

  private static String auc(Outcomes.Figure f) {
    return String.format(
        Locale.ROOT, "AUC %.4f [%.4f, %.4f]", f.value(), f.ci().low(), f.ci().high());
  }

  private static String pct(double share) {
    return String.format(Locale.ROOT, "%.2f%%", 100 * share);
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }
}
