package io.steward.common.metrics.drift;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Picks a categorical feature's PSI bins: the most frequent baseline categories, ties broken by
 * name in code point order (the order Spark sorts strings in).
 */
public final class CategoryRanking {
  private CategoryRanking() {}

  /** Categories that get a bin of their own; the rest share the OTHER bin. */
  public static final int TOP = 50;

  /** Compares strings by Unicode code point, as Spark's binary UTF-8 order does. */
  public static final Comparator<String> CODE_POINT_ORDER =
      (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
          int ca = a.codePointAt(i);
          int cb = b.codePointAt(j);
          if (ca != cb) {
            return Integer.compare(ca, cb);
          }
          i += Character.charCount(ca);
          j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
      };

  /** The bin categories, most frequent first. */
  public static List<String> top(Map<String, Long> counts) {
    return counts.entrySet().stream()
        .sorted(
            Map.Entry.<String, Long>comparingByValue()
                .reversed()
                .thenComparing(Map.Entry.comparingByKey(CODE_POINT_ORDER)))
        .limit(TOP)
        .map(Map.Entry::getKey)
        .toList();
  }
}
