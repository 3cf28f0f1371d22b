package io.steward.jobs.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The median, smallest and largest of a figure over the rounds (the median of an even count is the
 * mean of the two middle values).
 */
record Spread(double median, double min, double max, int count) {
  Spread {
    if (count < 1 || !(min <= median && median <= max)) {
      throw new IllegalArgumentException("a spread needs values, min <= median <= max");
    }
  }

  /** The spread of {@code values}, NaN values (figures not measured) left out; null if none. */
  static Spread of(List<Double> values) {
    List<Double> v = new ArrayList<>();
    for (Double d : values) {
      if (d != null && !d.isNaN()) {
        v.add(d);
      }
    }
    if (v.isEmpty()) {
      return null;
    }
    Collections.sort(v);
    int n = v.size();
    double median = n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    return new Spread(median, v.get(0), v.get(n - 1), n);
  }

  /** "31.20 s (29.80 to 35.10)". */
  String seconds() {
    return String.format(Locale.ROOT, "%.2f s (%.2f to %.2f)", median, min, max);
  }

  /** The ratio of two spreads' medians with two decimals, or "-" when either is missing. */
  static String ratio(Spread numerator, Spread denominator) {
    if (numerator == null || denominator == null || denominator.median <= 0) {
      return "-";
    }
    return String.format(Locale.ROOT, "%.2f", numerator.median / denominator.median);
  }
}
