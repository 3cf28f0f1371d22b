package io.steward.jobs.bench;

import static io.steward.jobs.bench.SqlRival.put;
import static io.steward.jobs.bench.SqlRival.ratio;
import static io.steward.jobs.bench.SqlRival.sql;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import io.steward.registry.tables.StewardTables;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * The SQL rival's performance and fairness ({@link SqlRival}): each row exploded to its slice
 * groups (the whole model, then each slice column's group: the Expand that GROUPING SETS compile
 * to) and counted by group x 1e-4 score bin x label x predicted class with the log-loss and Brier
 * sums, kept on the executors; the AUC (Mann-Whitney over the bins, a window per group), the
 * confusion-matrix metrics and the fairness counts derived from it there, one row per group to the
 * driver, where the fairness gaps are taken.
 */
final class RivalOutcomes {
  private RivalOutcomes() {}

  private static final String PERFORMANCE = StewardTables.PERFORMANCE_METRICS.name();
  private static final String FAIRNESS = StewardTables.FAIRNESS_METRICS.name();

  /** Adds the performance and fairness figures of the night's rows. */
  static void figures(Dataset<Row> night, Map<String, Double> out) {
    List<String> groups = new ArrayList<>();
    groups.add("struct(CAST(NULL AS STRING) AS slice, CAST(NULL AS STRING) AS grp)");
    for (String c : BenchData.PROTECTED) {
      groups.add(
          "struct("
              + sql(c)
              + " AS slice, coalesce(CAST(`"
              + c
              + "` AS STRING), '(missing)') AS grp)");
    }
    Dataset<Row> cells =
        night
            .selectExpr(
                "model_id",
                "model_version",
                "CASE WHEN score >= 0 AND score <= 1 THEN score END AS s",
                "CASE WHEN label IN (0, 1) THEN CAST(label AS INT) END AS y",
                "inline(array(" + String.join(", ", groups) + "))")
            .selectExpr(
                "*",
                "CAST(s >= " + BenchSpecs.DECISION_THRESHOLD + " AS INT) AS pred",
                "CASE WHEN y IS NOT NULL THEN CAST(floor(s * 10000 + 0.5) AS INT) END AS bin",
                "least(greatest(s, 1e-15D), 1 - 1e-15D) AS p")
            .groupBy("model_id", "model_version", "slice", "grp", "bin", "y", "pred")
            .agg(
                functions.count(functions.lit(1)).as("n"),
                expr("sum(CASE WHEN bin IS NOT NULL THEN IF(y = 1, -ln(p), -log1p(-p)) END)")
                    .as("loss"),
                expr("sum(CASE WHEN bin IS NOT NULL THEN (s - y) * (s - y) END)").as("brier"))
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      String[] group = {"model_id", "model_version", "slice", "grp"};
      Dataset<Row> auc =
          cells
              .where("bin IS NOT NULL")
              .groupBy("model_id", "model_version", "slice", "grp", "bin")
              .agg(expr("sum(IF(y = 1, n, 0))").as("pos"), expr("sum(IF(y = 0, n, 0))").as("neg"))
              .withColumn(
                  "below",
                  functions.coalesce(
                      functions
                          .sum("neg")
                          .over(
                              Window.partitionBy("model_id", "model_version", "slice", "grp")
                                  .orderBy("bin")
                                  .rowsBetween(Window.unboundedPreceding(), -1)),
                      functions.lit(0L)))
              .groupBy("model_id", "model_version", "slice", "grp")
              .agg(
                  expr("sum(pos * (below + 0.5D * neg))").as("u"),
                  functions.sum("pos").as("p"),
                  functions.sum("neg").as("q"));
      Dataset<Row> totals =
          cells
              .groupBy(group[0], group[1], group[2], group[3])
              .agg(
                  functions.sum("n").as("rows"),
                  expr("sum(IF(y IS NOT NULL, n, 0))").as("labeled"),
                  expr("sum(IF(y = 1 AND pred = 1, n, 0))").as("tp"),
                  expr("sum(IF(y = 0 AND pred = 1, n, 0))").as("fp"),
                  expr("sum(IF(y = 0 AND pred = 0, n, 0))").as("tn"),
                  expr("sum(IF(y = 1 AND pred = 0, n, 0))").as("fn"),
                  expr("sum(IF(bin IS NOT NULL, n, 0))").as("scored"),
                  functions.sum("loss").as("loss"),
                  functions.sum("brier").as("brier"),
                  expr("sum(IF(pred IS NOT NULL, n, 0))").as("predicted"),
                  expr("sum(IF(pred = " + BenchSpecs.FAVORABLE + ", n, 0))").as("favorable"))
              .alias("t")
              .join(auc.alias("a"), sameGroup(group), "left")
              .select("t.*", "a.u", "a.p", "a.q");
      Map<String, List<Row>> byAttribute = new HashMap<>();
      for (Row r : totals.collectAsList()) {
        performance(r, out);
        if (r.getAs("slice") != null) {
          byAttribute
              .computeIfAbsent(
                  r.getAs("model_id") + "/" + r.getAs("model_version") + "/" + r.getAs("slice"),
                  k -> new ArrayList<>())
              .add(r);
        }
      }
      byAttribute.forEach((k, rows) -> fairness(k.split("/", 3), rows, out));
    } finally {
      cells.unpersist();
    }
  }

  /** Equal groups of the totals ({@code t}) and the AUC sums ({@code a}); null equals null. */
  private static Column sameGroup(String[] group) {
    Column same = functions.lit(true);
    for (String g : group) {
      same = same.and(col("t." + g).eqNullSafe(col("a." + g)));
    }
    return same;
  }

  private static void performance(Row r, Map<String, Double> out) {
    String m = r.getAs("model_id");
    String v = r.getAs("model_version");
    String c = r.getAs("slice");
    String g = r.getAs("grp");
    long rows = r.getAs("rows");
    long labeled = r.getAs("labeled");
    long tp = r.getAs("tp");
    long fp = r.getAs("fp");
    long tn = r.getAs("tn");
    long fn = r.getAs("fn");
    long scored = r.getAs("scored");
    long classified = tp + fp + tn + fn;
    Long p = r.getAs("p");
    Long q = r.getAs("q");
    long pos = p == null ? 0 : p;
    long neg = q == null ? 0 : q;
    Double auc = pos == 0 || neg == 0 ? null : r.<Double>getAs("u") / ((double) pos * neg);
    figure(out, "auc", m, v, c, g, auc, pos + neg);
    figure(out, "accuracy", m, v, c, g, ratio(tp + tn, classified), classified);
    figure(out, "precision", m, v, c, g, ratio(tp, tp + fp), classified);
    figure(out, "recall", m, v, c, g, ratio(tp, tp + fn), classified);
    figure(out, "f1", m, v, c, g, ratio(2 * tp, 2 * tp + fp + fn), classified);
    Double loss = r.getAs("loss");
    Double brier = r.getAs("brier");
    figure(out, "log_loss", m, v, c, g, scored == 0 ? null : loss / scored, scored);
    figure(out, "brier", m, v, c, g, scored == 0 ? null : brier / scored, scored);
    put(out, PERFORMANCE, "label_coverage", m, v, c, g, ratio(labeled, rows));
  }

  private static void figure(
      Map<String, Double> out,
      String metric,
      String m,
      String v,
      String c,
      String g,
      Double value,
      long n) {
    put(out, PERFORMANCE, metric, m, v, c, g, value);
    put(out, PERFORMANCE, metric + ".n", m, v, c, g, (double) n);
  }

  /** A group's counts for the fairness figures. */
  private record Group(
      String name, long n, long predicted, long favorable, long tp, long fp, long tn, long fn) {
    static Group of(Row r) {
      return new Group(
          r.getAs("grp"),
          r.getAs("rows"),
          r.getAs("predicted"),
          r.getAs("favorable"),
          r.getAs("tp"),
          r.getAs("fp"),
          r.getAs("tn"),
          r.getAs("fn"));
    }

    Double rate(String metric) {
      return switch (metric) {
        case "selection_rate" -> ratio(favorable, predicted);
        case "adverse_action_rate" -> ratio(predicted - favorable, predicted);
        case "tpr" -> ratio(tp, tp + fn);
        case "fpr" -> ratio(fp, fp + tn);
        default -> ratio(tp + tn, tp + fp + tn + fn);
      };
    }
  }

  private static final List<String> GROUP_RATES =
      List.of("selection_rate", "adverse_action_rate", "tpr", "fpr", "accuracy");

  private static void fairness(String[] mva, List<Row> rows, Map<String, Double> out) {
    List<Group> shown = new ArrayList<>();
    for (Row r : rows) {
      Group g = Group.of(r);
      put(out, FAIRNESS, "n", mva[0], mva[1], mva[2], g.name(), (double) g.n());
      if (g.n() >= BenchSpecs.MIN_GROUP_SIZE) {
        shown.add(g);
        for (String metric : GROUP_RATES) {
          put(out, FAIRNESS, metric, mva[0], mva[1], mva[2], g.name(), g.rate(metric));
        }
      }
    }
    Double[] selection = range(shown, "selection_rate");
    Double[] tpr = range(shown, "tpr");
    Double[] fpr = range(shown, "fpr");
    Double[] accuracy = range(shown, "accuracy");
    put(
        out,
        FAIRNESS,
        "demographic_parity_ratio",
        mva[0],
        mva[1],
        mva[2],
        null,
        selection == null || selection[1] == 0 ? null : selection[0] / selection[1]);
    put(
        out,
        FAIRNESS,
        "demographic_parity_difference",
        mva[0],
        mva[1],
        mva[2],
        null,
        selection == null ? null : selection[1] - selection[0]);
    put(
        out,
        FAIRNESS,
        "equalized_odds_difference",
        mva[0],
        mva[1],
        mva[2],
        null,
        tpr == null || fpr == null ? null : Math.max(tpr[1] - tpr[0], fpr[1] - fpr[0]));
    put(
        out,
        FAIRNESS,
        "accuracy_disparity",
        mva[0],
        mva[1],
        mva[2],
        null,
        accuracy == null ? null : accuracy[1] - accuracy[0]);
  }

  /** The smallest and largest defined rate of the groups, null when fewer than two have one. */
  private static Double[] range(List<Group> groups, String metric) {
    List<Double> values = new ArrayList<>();
    for (Group g : groups) {
      Double r = g.rate(metric);
      if (r != null) {
        values.add(r);
      }
    }
    if (values.size() < 2) {
      return null;
    }
    return new Double[] {
      values.stream().min(Double::compare).orElseThrow(),
      values.stream().max(Double::compare).orElseThrow()
    };
  }
}
