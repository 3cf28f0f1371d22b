package io.steward.jobs.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.common.domain.FeatureType;
import io.steward.common.domain.ProblemType;
import io.steward.common.metrics.drift.FeatureBaseline;
import io.steward.common.metrics.drift.ModelBaseline;
import io.steward.common.metrics.drift.NumericSlots;
import io.steward.registry.testing.TestSpark;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The profiler on a hand-computed window: every figure below is worked out in the comments from the
 * eight rows of {@link #rows()}, not taken from the code's own output.
 */
class WindowProfilerTest {
  private static final long MINUTE = 60_000_000L;
  private static final long FUTURE_AFTER = 1000 * MINUTE;

  private static Row profile;
  private static Row singleClass;

  /** One numeric feature with a single bin (slot 0), so that every row counts one drift slot. */
  private static final ModelBaseline BASELINE =
      new ModelBaseline(
          "b",
          "m",
          null,
          "delta.`/snap`",
          0,
          1,
          Instant.EPOCH,
          List.of(
              new FeatureBaseline(
                  "x", FeatureType.NUMERIC, List.of(), null, null, null, null, List.of(1.0), 1)));

  /** The layout: the feature x, then the slice columns gender and region. */
  private static final ProfileInput LAYOUT = new ProfileInput(1, 0, 2);

  static ModelRules rules() {
    // gender is protected (min group size 3), region an other slice, OK the only good status,
    // capacity 2 predictions a minute, threshold 0.5, favorable prediction 1.
    return new ModelRules(
        "m",
        ProblemType.BINARY_CLASSIFICATION,
        0.5,
        1.0,
        List.of("gender"),
        List.of(new int[] {0}),
        List.of("region"),
        3,
        Set.of("OK"),
        2.0,
        true,
        true,
        false,
        true,
        true,
        true,
        false,
        NumericSlots.of(BASELINE),
        CategoricalSlots.of(BASELINE),
        new ModelRules.Columns(new int[] {0}, new int[0], new int[] {0, 1}),
        true,
        FUTURE_AFTER,
        null,
        // The rows have no version: as for a spec without a version column.
        false);
  }

  private static Row row(
      long window,
      long minute,
      long id,
      Double score,
      Double label,
      String gender,
      String region,
      Double latency,
      String status,
      String source) {
    return RowFactory.create(
        0,
        null,
        window,
        null,
        window + minute * MINUTE,
        id,
        score,
        null,
        false,
        label,
        label != null,
        null,
        latency,
        status,
        source,
        null,
        1.0,
        gender,
        region);
  }

  static List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    // window 0: eight rows plus one stamped in the future.
    rows.add(row(0, 0, 1, 0.9, 1.0, "F", "N", 10.0, "OK", "a"));
    rows.add(row(0, 0, 2, 0.8, 1.0, "F", "N", 20.0, "OK", "a"));
    rows.add(row(0, 1, 3, 0.8, 0.0, "M", "N", 30.0, "TIMEOUT", "b"));
    rows.add(row(0, 1, 4, 0.3, 1.0, "M", "S", 40.0, "OK", "b"));
    rows.add(row(0, 2, 5, 0.3, 0.0, "M", "S", 50.0, "OK", "a"));
    rows.add(row(0, 2, 6, 0.1, 0.0, "F", "S", 60.0, "ERROR", "a"));
    rows.add(row(0, 3, 7, 0.6, null, "X", "S", 70.0, "OK", "a"));
    rows.add(row(0, 3, 7, 1.5, 1.0, "F", "N", -5.0, "OK", "a"));
    rows.add(row(0, 2000, 9, 0.5, 1.0, "F", "N", 5.0, "OK", "a"));
    // window 1: a single class (no positive label).
    rows.add(row(MINUTE * 100, 0, 10, 0.2, 0.0, "F", "N", 1.0, "OK", "a"));
    rows.add(row(MINUTE * 100, 0, 11, 0.7, 0.0, "F", "N", 1.0, "OK", "a"));
    return rows;
  }

  @BeforeAll
  static void aggregate() {
    var spark = TestSpark.get();
    // Three partitions, so the states of a window are built apart and merged.
    Dataset<Row> input = spark.createDataFrame(rows(), LAYOUT.schema()).repartition(3);
    List<Row> out =
        WindowScan.profile(input, LAYOUT, List.of(rules()))
            .orderBy(WindowScan.WINDOW_START)
            .collectAsList();
    profile = out.get(0).getStruct(out.get(0).fieldIndex(WindowScan.PROFILE));
    singleClass = out.get(1).getStruct(out.get(1).fieldIndex(WindowScan.PROFILE));
  }

  private static Map<String, Row> byKey(Row p, String field, String... keyFields) {
    Map<String, Row> m = new HashMap<>();
    for (Row r : p.<Row>getList(p.fieldIndex(field))) {
      StringBuilder k = new StringBuilder();
      for (String f : keyFields) {
        k.append(r.isNullAt(r.fieldIndex(f)) ? "-" : r.getAs(f).toString()).append('/');
      }
      m.put(k.toString(), r);
    }
    return m;
  }

  private static double value(Row r) {
    return r.getDouble(r.fieldIndex("value"));
  }

  @Test
  void performanceOfTheWholeWindow() {
    Map<String, Row> perf = byKey(profile, "performance", "metric", "slice_column", "slice_value");
    // Rows 1-6 have a valid score and label; row 8's score 1.5 is rejected, row 7 has no label.
    // Positives score 0.9, 0.8, 0.3; negatives 0.8, 0.3, 0.1. Pairs won: 0.9 beats all three (3),
    // 0.8 beats two and ties one (2.5), 0.3 beats one and ties one (1.5): AUC = 7/9.
    Row auc = perf.get("auc/-/-/");
    assertEquals(7.0 / 9, value(auc), 1e-12);
    assertEquals(6, auc.getLong(auc.fieldIndex("n")));
    // Predicted class at 0.5: 1,1,1,0,0,0 against labels 1,1,0,1,0,0: tp 2, fp 1, fn 1, tn 2.
    assertEquals(4.0 / 6, value(perf.get("accuracy/-/-/")), 1e-12);
    assertEquals(2.0 / 3, value(perf.get("precision/-/-/")), 1e-12);
    assertEquals(2.0 / 3, value(perf.get("recall/-/-/")), 1e-12);
    assertEquals(4.0 / 6, value(perf.get("f1/-/-/")), 1e-12);
    // -(ln .9 + ln .8 + ln .2 + ln .3 + ln .7 + ln .9) / 6
    double logLoss =
        -(Math.log(.9) + Math.log(.8) + Math.log(.2) + Math.log(.3) + Math.log(.7) + Math.log(.9))
            / 6;
    assertEquals(logLoss, value(perf.get("log_loss/-/-/")), 1e-12);
    assertEquals(0.6006584, logLoss, 1e-7);
    // (.01 + .04 + .64 + .49 + .09 + .01) / 6
    assertEquals(1.28 / 6, value(perf.get("brier/-/-/")), 1e-12);
    // Seven labelled rows (1-6 and 8) of eight.
    Row acc = perf.get("accuracy/-/-/");
    assertEquals(0.875, acc.getDouble(acc.fieldIndex("label_coverage")), 1e-12);
    // Wilson 95% interval of 4/6: 0.3000 .. 0.9032 (Newcombe 1998 style by hand).
    assertEquals(0.3000, acc.getDouble(acc.fieldIndex("ci_low")), 1e-4);
    assertEquals(0.9032, acc.getDouble(acc.fieldIndex("ci_high")), 1e-4);
    assertTrue(auc.getDouble(auc.fieldIndex("ci_low")) < 7.0 / 9);
  }

  @Test
  void performanceBySliceGroup() {
    Map<String, Row> perf = byKey(profile, "performance", "metric", "slice_column", "slice_value");
    // N: rows 1, 2, 3, 8 (all labelled); positives 0.9, 0.8 against negative 0.8: (1 + .5) / 2.
    assertEquals(0.75, value(perf.get("auc/region/N/")), 1e-12);
    Row n = perf.get("accuracy/region/N/");
    assertEquals(1.0, n.getDouble(n.fieldIndex("label_coverage")), 1e-12);
    assertEquals(2.0 / 3, value(n), 1e-12);
    // S: rows 4-7, three labelled; positive 0.3 against negatives 0.3, 0.1: (.5 + 1) / 2.
    assertEquals(0.75, value(perf.get("auc/region/S/")), 1e-12);
    Row s = perf.get("accuracy/region/S/");
    assertEquals(0.75, s.getDouble(s.fieldIndex("label_coverage")), 1e-12);
  }

  @Test
  void aSingleClassWindowHasNoAucButKeepsItsRates() {
    Map<String, Row> perf = byKey(singleClass, "performance", "metric", "slice_column");
    Row auc = perf.get("auc/-/");
    assertTrue(auc.isNullAt(auc.fieldIndex("value")));
    assertEquals(0.5, value(perf.get("accuracy/-/")), 1e-12);
    assertTrue(perf.get("recall/-/").isNullAt(perf.get("recall/-/").fieldIndex("value")));
    assertEquals(0.0, value(perf.get("precision/-/")), 1e-12);
  }

  @Test
  void fairnessSuppressesTheSmallGroup() {
    Map<String, Row> fair = byKey(profile, "fairness", "attribute", "group_value", "metric");
    // F: rows 1, 2, 6, 8 (n 4); row 8 has no class, so 2 favourable of 3; tp 2, tn 1.
    assertEquals(4, value(fair.get("gender/F/n/")), 1e-12);
    assertEquals(2.0 / 3, value(fair.get("gender/F/selection_rate/")), 1e-12);
    assertEquals(1.0, value(fair.get("gender/F/tpr/")), 1e-12);
    assertEquals(0.0, value(fair.get("gender/F/fpr/")), 1e-12);
    // M: rows 3, 4, 5: 1 favourable of 3; fp 1, fn 1, tn 1.
    assertEquals(1.0 / 3, value(fair.get("gender/M/selection_rate/")), 1e-12);
    assertEquals(0.0, value(fair.get("gender/M/tpr/")), 1e-12);
    assertEquals(0.5, value(fair.get("gender/M/fpr/")), 1e-12);
    // X: one row, below 3: listed, suppressed, never computed.
    Row x = fair.get("gender/X/selection_rate/");
    assertTrue(x.getBoolean(x.fieldIndex("suppressed")));
    assertTrue(x.isNullAt(x.fieldIndex("value")));
    assertEquals(1, value(fair.get("gender/X/n/")), 1e-12);
    // Ratios over F and M only: (1/3) / (2/3); TPR gap 1, FPR gap .5; accuracy 1 against 1/3.
    assertEquals(0.5, value(fair.get("gender/-/demographic_parity_ratio/")), 1e-12);
    assertEquals(1.0 / 3, value(fair.get("gender/-/demographic_parity_difference/")), 1e-12);
    assertEquals(1.0, value(fair.get("gender/-/equalized_odds_difference/")), 1e-12);
    assertEquals(2.0 / 3, value(fair.get("gender/-/accuracy_disparity/")), 1e-12);
  }

  @Test
  void operationalFigures() {
    Map<String, Row> ops = byKey(profile, "operational", "metric", "dimension", "dimension_value");
    assertEquals(8, value(ops.get("row_count/-/-/")), 1e-12);
    // Valid latencies 10, 20, ..., 70 (the -5 is rejected): nearest rank 4 of 7 is 40, 7 is 70.
    assertEquals(40, value(ops.get("latency_p50/-/-/")), 40 * 0.01);
    assertEquals(70, value(ops.get("latency_p95/-/-/")), 70 * 0.01);
    assertEquals(70, value(ops.get("latency_p99/-/-/")), 70 * 0.01);
    // TIMEOUT (row 3) and ERROR (row 6) of 8 rows.
    assertEquals(0.25, value(ops.get("error_rate/-/-/")), 1e-12);
    assertEquals(0.125, value(ops.get("error_rate/status/TIMEOUT/")), 1e-12);
    assertEquals(0.125, value(ops.get("error_rate/status/ERROR/")), 1e-12);
    // Source a: rows 1, 2, 5, 6, 7, 8 with one error; b: rows 3, 4 with one.
    assertEquals(6, value(ops.get("row_count/source/a/")), 1e-12);
    assertEquals(1.0 / 6, value(ops.get("error_rate/source/a/")), 1e-12);
    assertEquals(0.5, value(ops.get("error_rate/source/b/")), 1e-12);
    // Two rows in each of minutes 0-3; capacity 2 a minute.
    Row peak = ops.get("throughput_peak_per_minute/-/-/");
    assertEquals(2, value(peak), 1e-12);
    assertEquals(2.0, peak.getDouble(peak.fieldIndex("threshold")), 1e-12);
    assertEquals(1.0, value(ops.get("capacity_utilization/-/-/")), 1e-12);
  }

  @Test
  void rejectionsAreCountedNotDropped() {
    Map<String, Long> rejected = new HashMap<>();
    for (Row r : profile.<Row>getList(profile.fieldIndex("rejected"))) {
      rejected.put(r.getString(0), r.getLong(1));
    }
    assertEquals(
        Map.of(
            "future_timestamp", 1L,
            "score_outside_0_1", 1L,
            "negative_latency", 1L,
            "duplicate_prediction_id", 1L),
        rejected);
    assertEquals(8, profile.getLong(profile.fieldIndex("row_count")));
    assertEquals(
        List.of(8L), profile.getList(profile.fieldIndex("counts")), "one drift slot per row");
  }
}
