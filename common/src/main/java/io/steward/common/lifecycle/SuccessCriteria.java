package io.steward.common.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A model's success criteria, written like {@code auc>=0.75, ks>0.3, rmse<=1200}: each a metric, a
 * comparison and a threshold, all of which a candidate version's logged metrics must meet.
 */
public record SuccessCriteria(List<Criterion> criteria) {
  private static final Pattern ONE =
      Pattern.compile(
          "\\s*([a-z][a-z0-9_]*)\\s*(>=|<=|>|<|=)\\s*(-?[0-9]+(\\.[0-9]+)?([eE]-?[0-9]+)?)\\s*");

  public SuccessCriteria {
    criteria = List.copyOf(criteria);
  }

  /** One comparison. */
  public record Criterion(String metric, String op, double threshold) {
    boolean meets(double value) {
      return switch (op) {
        case ">=" -> value >= threshold;
        case "<=" -> value <= threshold;
        case ">" -> value > threshold;
        case "<" -> value < threshold;
        default -> value == threshold;
      };
    }

    @Override
    public String toString() {
      return metric + op + threshold;
    }
  }

  /** Parses the text; returns null when it is not a comma-separated list of comparisons. */
  public static SuccessCriteria parse(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    List<Criterion> out = new ArrayList<>();
    for (String part : text.toLowerCase(Locale.ROOT).split(",")) {
      Matcher m = ONE.matcher(part);
      if (!m.matches()) {
        return null;
      }
      out.add(new Criterion(m.group(1), m.group(2), Double.parseDouble(m.group(3))));
    }
    return new SuccessCriteria(out);
  }

  /** The criteria the metrics do not meet, each described; empty when all are met. */
  public List<String> unmet(Map<String, Double> metrics) {
    List<String> missing = new ArrayList<>();
    for (Criterion c : criteria) {
      Double v = metrics.get(c.metric());
      if (v == null) {
        missing.add("metric '" + c.metric() + "' is not logged (criterion " + c + ")");
      } else if (!c.meets(v)) {
        missing.add("metric " + c.metric() + "=" + v + " does not meet " + c);
      }
    }
    return missing;
  }
}
