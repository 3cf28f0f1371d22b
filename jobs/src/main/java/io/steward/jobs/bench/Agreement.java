package io.steward.jobs.bench;

import io.steward.registry.store.ResultsHistory;
import io.steward.registry.tables.StewardTables;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Whether Steward's figures of the bench night agree with a rival program's, figure by figure. Both
 * sides are keyed as {@link StewardFigures#key} keys them; each key falls in a {@link Family} with
 * a documented tolerance, and the count compared and the largest difference are kept per family.
 *
 * <p>It fails when no figure was compared, when a difference exceeds its family's tolerance, and
 * when a key is on one side only: with {@link Scope#EVERY} (the SQL rival, {@link SqlRival}) every
 * figure Steward wrote must have the rival's; with {@link Scope#RIVAL_KEYS} (the loop program,
 * {@link Naive}, which computes only PSI, AUC and selection rates by design) every figure the rival
 * computed must have Steward's.
 *
 * @param families per family: figures compared and the largest difference
 * @param oneSided keys present on one side only, each with the side that has it
 */
public record Agreement(Map<Family, Worst> families, List<String> oneSided) {
  /** Which keys must be on both sides. */
  public enum Scope {
    /** Every Steward figure and every rival figure. */
    EVERY,
    /** Every rival figure (the rival computes a documented subset). */
    RIVAL_KEYS
  }

  /**
   * A kind of figure and how closely the two programs must agree on it.
   *
   * <p>{@link #QUANTILE}: Steward reads latency and label-lag percentiles off a logarithmic sketch
   * whose bucket representative is within 1% of every value in the bucket, and values below 0.001
   * (bucket 0) are reported as 0; the rival takes the exact nearest-rank percentile, so they agree
   * to 1% of the exact value plus 0.001. {@link #AUC}: Steward counts scores in 1e-4 bins, which
   * can only mis-order scores sharing a bin: against an exact AUC the error is at most half the
   * share of positive-negative pairs sharing a bin, below 1e-4 on the bench's generated scores
   * (docs/metrics.md); the SQL rival uses the same bins (and agrees exactly), the loop program
   * MLlib's exact AUC. Every other figure is an exact definition over counts and sums (PSI, rates,
   * counts, means, gaps) and agrees to 1e-9, summation order aside.
   */
  public enum Family {
    DRIFT(1e-9, 0),
    AUC(1e-4, 0),
    PERFORMANCE(1e-9, 0),
    FAIRNESS(1e-9, 0),
    OPERATIONS(1e-9, 0),
    QUANTILE(1e-3, 0.01);

    /** Allowed |difference|: absolute + relative × |rival's value|. */
    final double absolute;

    final double relative;

    Family(double absolute, double relative) {
      this.absolute = absolute;
      this.relative = relative;
    }

    /** Whether two values of this family agree. */
    boolean within(double steward, double rival) {
      return Math.abs(steward - rival) <= absolute + relative * Math.abs(rival);
    }

    /** The family of a key. */
    static Family of(String key) {
      String[] parts = key.split("/", 3);
      String metric = parts.length > 1 ? parts[1] : "";
      if (metric.startsWith("latency_p") || metric.startsWith("label_lag_p")) {
        return QUANTILE;
      }
      if (parts[0].equals(StewardTables.FEATURE_DRIFT.name())) {
        return DRIFT;
      }
      if (parts[0].equals(StewardTables.PERFORMANCE_METRICS.name())) {
        return metric.equals("auc") ? AUC : PERFORMANCE;
      }
      return parts[0].equals(StewardTables.FAIRNESS_METRICS.name()) ? FAIRNESS : OPERATIONS;
    }
  }

  /**
   * @param compared figures of the family compared
   * @param worstDifference the largest |difference| among them
   * @param worstKey its key, null when none was compared
   * @param failed figures outside the tolerance
   */
  public record Worst(int compared, double worstDifference, String worstKey, int failed) {
    public Worst {
      if (compared < 0 || failed < 0 || !(worstDifference >= 0)) {
        throw new IllegalArgumentException("a family's agreement counts and differences are >= 0");
      }
    }
  }

  /** Nothing compared (no rival ran). */
  static final Agreement NOT_CHECKED = new Agreement(Map.of(), List.of());

  public Agreement {
    families = Map.copyOf(families);
    oneSided = List.copyOf(oneSided);
  }

  /** Figures compared in all. */
  public int compared() {
    return families.values().stream().mapToInt(Worst::compared).sum();
  }

  /** Whether figures were compared, all within tolerance, and no key was on one side only. */
  public boolean agree() {
    return compared() > 0
        && oneSided.isEmpty()
        && families.values().stream().allMatch(w -> w.failed() == 0);
  }

  /**
   * One line: {@code agreement: N figures, drift n=.. max|diff|=.., ...: agree} (or {@code
   * DISAGREE}, followed by the first one-sided keys).
   */
  public String summary() {
    StringBuilder s = new StringBuilder("agreement: " + compared() + " figures");
    for (Family f : Family.values()) {
      Worst w = families.get(f);
      if (w != null && w.compared() > 0) {
        s.append(
            String.format(
                Locale.ROOT,
                ", %s n=%d max|diff|=%.2e%s",
                f.name().toLowerCase(Locale.ROOT),
                w.compared(),
                w.worstDifference(),
                w.failed() > 0 ? " (" + w.failed() + " outside, worst " + w.worstKey() + ")" : ""));
      }
    }
    if (!oneSided.isEmpty()) {
      s.append(", on one side only: ")
          .append(oneSided.size())
          .append(" (")
          .append(String.join(" ", oneSided.subList(0, Math.min(5, oneSided.size()))))
          .append(")");
    }
    return s.append(agree() ? ": agree" : ": DISAGREE").toString();
  }

  /** Compares every figure of the rival with Steward's; see {@link Scope}. */
  static Agreement of(Map<String, Double> steward, Map<String, Double> rival, Scope scope) {
    Map<Family, int[]> counts = new EnumMap<>(Family.class);
    Map<Family, Double> worst = new EnumMap<>(Family.class);
    Map<Family, String> worstKey = new EnumMap<>(Family.class);
    TreeSet<String> oneSided = new TreeSet<>();
    for (Map.Entry<String, Double> e : rival.entrySet()) {
      Double ours = steward.get(e.getKey());
      Double theirs = e.getValue();
      if (ours == null || theirs == null) {
        oneSided.add(e.getKey() + (ours == null ? " (rival only)" : " (steward only)"));
        continue;
      }
      Family f = Family.of(e.getKey());
      double d = Math.abs(ours - theirs);
      int[] c = counts.computeIfAbsent(f, k -> new int[2]);
      c[0]++;
      if (!f.within(ours, theirs) || Double.isNaN(d)) {
        c[1]++;
      }
      if (Double.isNaN(d) || d > worst.getOrDefault(f, -1.0)) {
        worst.put(f, Double.isNaN(d) ? Double.POSITIVE_INFINITY : d);
        worstKey.put(f, e.getKey());
      }
    }
    if (scope == Scope.EVERY) {
      for (String k : steward.keySet()) {
        if (rival.get(k) == null) {
          oneSided.add(k + " (steward only)");
        }
      }
    }
    Map<Family, Worst> families = new EnumMap<>(Family.class);
    counts.forEach((f, c) -> families.put(f, new Worst(c[0], worst.get(f), worstKey.get(f), c[1])));
    return new Agreement(families, new ArrayList<>(oneSided));
  }

  /** Steward's figures of the night, keyed as the rivals key theirs ({@link StewardFigures}). */
  static Map<String, Double> stewardFigures(ResultsHistory night) {
    return StewardFigures.read(night);
  }
}
