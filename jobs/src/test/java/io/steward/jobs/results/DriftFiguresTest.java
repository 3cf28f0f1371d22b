package io.steward.jobs.results;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.common.domain.FeatureType;
import io.steward.common.metrics.drift.FeatureBaseline;
import io.steward.common.metrics.drift.ModelBaseline;
import io.steward.common.metrics.drift.NumericSlots;
import io.steward.common.metrics.drift.SlotSink;
import io.steward.jobs.scan.CategoricalSlots;
import io.steward.registry.testing.TestSpark;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;

/** PSI and the rates against values worked out by hand in the comments. */
class DriftFiguresTest {
  private static final double TOL = 1e-12;

  private static ModelBaseline model(FeatureBaseline... features) {
    return new ModelBaseline(
        "b1", "m", null, "delta.`/snap`", 3L, 100L, Instant.EPOCH, List.of(features));
  }

  private static FeatureBaseline numeric(
      String name, List<Double> edges, double min, double max, List<Double> expected) {
    return new FeatureBaseline(
        name, FeatureType.NUMERIC, edges, null, null, min, max, expected, 100);
  }

  /** Runs histograms and PSI for one window of {@code values} (one column per feature). */
  private static Map<String, Row> drift(ModelBaseline b, DataType type, List<Row> values) {
    StructType schema = new StructType();
    for (FeatureBaseline f : b.features()) {
      schema =
          schema.add(
              f.feature(), f.type() == FeatureType.NUMERIC ? type : DataTypes.StringType, true);
    }
    // The values as the nightly scan reads them (numbers cast to double, categories to text),
    // then the slot counts by plain counting of the slots each value yields; no rows, no window.
    List<Column> cast = new ArrayList<>();
    for (FeatureBaseline f : b.features()) {
      cast.add(col(f.feature()).cast(f.type() == FeatureType.NUMERIC ? "double" : "string"));
    }
    List<Row> read =
        TestSpark.get()
            .createDataFrame(values, schema)
            .select(cast.toArray(Column[]::new))
            .collectAsList();
    Map<Integer, Long> bySlot = new HashMap<>();
    SlotSink sink = slot -> bySlot.merge(slot, 1L, Long::sum);
    NumericSlots numeric = NumericSlots.of(b);
    CategoricalSlots categorical = CategoricalSlots.of(b);
    for (Row r : read) {
      int n = 0;
      int c = 0;
      for (int i = 0; i < b.features().size(); i++) {
        Object v = r.get(i);
        if (b.features().get(i).type() == FeatureType.NUMERIC) {
          numeric.count(n++, v == null ? Double.NaN : ((Number) v).doubleValue(), sink);
        } else {
          categorical.count(c++, v == null ? null : UTF8String.fromString(v.toString()), sink);
        }
      }
    }
    int size = bySlot.keySet().stream().mapToInt(i -> i + 1).max().orElse(0);
    long[] counts = new long[size];
    bySlot.forEach((slot, n) -> counts[slot] = n);
    StructType histSchema =
        new StructType()
            .add("model_id", DataTypes.StringType)
            .add("model_version", DataTypes.StringType)
            .add("window_start", DataTypes.TimestampType)
            .add("row_count", DataTypes.LongType)
            .add("counts", DataTypes.createArrayType(DataTypes.LongType));
    Dataset<Row> hist =
        TestSpark.get()
            .createDataFrame(
                values.isEmpty()
                    ? List.of()
                    : List.of(
                        RowFactory.create(
                            "m", "v1", new java.sql.Timestamp(0), (long) values.size(), counts)),
                histSchema);
    Map<String, Row> out = new HashMap<>();
    for (Row r :
        DriftFigures.compute(
                hist, Map.of("m", b), List.of("model_id", "model_version", "window_start"))
            .collectAsList()) {
      out.put(r.getAs("feature"), r);
    }
    return out;
  }

  private static List<Row> column(Object... values) {
    List<Row> rows = new ArrayList<>();
    for (Object v : values) {
      rows.add(RowFactory.create(v));
    }
    return rows;
  }

  @Test
  void emptyCurrentBinUsesEpsilon() {
    // edges {1}: bins (-inf,1], (1,inf); e = (0.5, 0.5). Current 0.5, 1.0 -> a = (1, 0 -> 1e-4).
    // PSI = (1-0.5) ln(1/0.5) + (1e-4-0.5) ln(1e-4/0.5)
    FeatureBaseline x = numeric("x", List.of(1.0), 0.0, 2.0, List.of(0.5, 0.5));
    Row r = drift(model(x), DataTypes.DoubleType, column(0.5, 1.0)).get("x");
    double expected = 0.5 * Math.log(2) + (1e-4 - 0.5) * Math.log(1e-4 / 0.5);
    assertEquals(expected, r.<Double>getAs("psi"), TOL);
    assertEquals("SIGNIFICANT", r.getAs("psi_band"));
    assertEquals(0.0, r.<Double>getAs("missing_rate"), TOL);
    assertEquals(0.0, r.<Double>getAs("out_of_range_rate"), TOL);
    assertNull(r.getAs("new_category_rate"));
    assertEquals(2L, r.<Long>getAs("row_count"));
    assertEquals(2, r.<Integer>getAs("bin_count"));
    assertEquals(1e-4, r.<Double>getAs("epsilon"));
  }

  @Test
  void constantBaselineFeature() {
    // Baseline all 5: edges {5}, e = (1, 0 -> 1e-4), min = max = 5.
    // Current 5, 5, 6, 7: a = (0.5, 0.5); out of range: 6 and 7 -> 0.5.
    // PSI = (0.5-1) ln(0.5/1) + (0.5-1e-4) ln(0.5/1e-4)
    FeatureBaseline x = numeric("x", List.of(5.0), 5.0, 5.0, List.of(1.0, 0.0));
    Row r = drift(model(x), DataTypes.DoubleType, column(5.0, 5.0, 6.0, 7.0)).get("x");
    double expected = -0.5 * Math.log(0.5) + (0.5 - 1e-4) * Math.log(0.5 / 1e-4);
    assertEquals(expected, r.<Double>getAs("psi"), TOL);
    assertEquals(0.5, r.<Double>getAs("out_of_range_rate"), TOL);
  }

  @Test
  void allNullFeatureHasNoPsiAndFullMissingRate() {
    FeatureBaseline x = numeric("x", List.of(1.0), 0.0, 2.0, List.of(0.5, 0.5));
    Row r = drift(model(x), DataTypes.DoubleType, column(null, null, Double.NaN)).get("x");
    assertNull(r.getAs("psi"));
    assertNull(r.getAs("psi_band"));
    assertNull(r.getAs("out_of_range_rate"));
    assertEquals(1.0, r.<Double>getAs("missing_rate"), TOL);
    assertEquals(0L, r.<Long>getAs("non_missing_count"));
  }

  @Test
  void nanAndNullAreMissingNotBinned() {
    // edges {1, 2}: e = (0.2, 0.3, 0.5). Current 0, 1.5, 3, NaN, null: a = (1/3, 1/3, 1/3);
    // missing 2/5; out of range (min 0, max 2.5): 3 -> 1/3.
    FeatureBaseline x = numeric("x", List.of(1.0, 2.0), 0.0, 2.5, List.of(0.2, 0.3, 0.5));
    Row r = drift(model(x), DataTypes.DoubleType, column(0.0, 1.5, 3.0, Double.NaN, null)).get("x");
    double a = 1.0 / 3;
    double expected =
        (a - 0.2) * Math.log(a / 0.2)
            + (a - 0.3) * Math.log(a / 0.3)
            + (a - 0.5) * Math.log(a / 0.5);
    assertEquals(expected, r.<Double>getAs("psi"), TOL);
    assertEquals(0.4, r.<Double>getAs("missing_rate"), TOL);
    assertEquals(a, r.<Double>getAs("out_of_range_rate"), TOL);
  }

  @Test
  void integerAndDecimalColumnsBinLikeDoubles() {
    // edges {10, 20}: right-closed, so 10 falls in bin 0 and 20 in bin 1.
    // Current 10, 11, 20, 21: a = (0.25, 0.5, 0.25); e = (0.25, 0.25, 0.5).
    double expected = 0.25 * Math.log(2) + (0.25 - 0.5) * Math.log(0.5);
    FeatureBaseline x = numeric("x", List.of(10.0, 20.0), 0.0, 30.0, List.of(0.25, 0.25, 0.5));
    Row ints = drift(model(x), DataTypes.IntegerType, column(10, 11, 20, 21)).get("x");
    assertEquals(expected, ints.<Double>getAs("psi"), TOL);
    Row decimals =
        drift(
                model(x),
                DataTypes.createDecimalType(6, 2),
                column(
                    new BigDecimal("10.00"),
                    new BigDecimal("10.01"),
                    new BigDecimal("20.00"),
                    new BigDecimal("20.01")))
            .get("x");
    assertEquals(expected, decimals.<Double>getAs("psi"), TOL);
  }

  @Test
  void unseenCategoriesGoToOtherAndCountAsNew() {
    // Bins a, b, OTHER; baseline knew a, b, c (c in OTHER). e = (0.5, 0.3, 0.2).
    // Current a, d, d, c, null: non-null 4; a = (1/4, 0 -> 1e-4, 3/4); new: d, d -> 2/4.
    FeatureBaseline r =
        new FeatureBaseline(
            "region",
            FeatureType.CATEGORICAL,
            null,
            List.of("a", "b"),
            List.of("a", "b", "c"),
            null,
            null,
            List.of(0.5, 0.3, 0.2),
            100);
    Row row = drift(model(r), DataTypes.StringType, column("a", "d", "d", "c", null)).get("region");
    double expected =
        (0.25 - 0.5) * Math.log(0.25 / 0.5)
            + (1e-4 - 0.3) * Math.log(1e-4 / 0.3)
            + (0.75 - 0.2) * Math.log(0.75 / 0.2);
    assertEquals(expected, row.<Double>getAs("psi"), TOL);
    assertEquals(0.5, row.<Double>getAs("new_category_rate"), TOL);
    assertEquals(0.2, row.<Double>getAs("missing_rate"), TOL);
    assertNull(row.getAs("out_of_range_rate"));
    assertEquals(3, row.<Integer>getAs("bin_count"));
  }

  @Test
  void identicalDistributionIsStable() {
    FeatureBaseline x = numeric("x", List.of(1.0), 0.0, 2.0, List.of(0.5, 0.5));
    Row r = drift(model(x), DataTypes.DoubleType, column(0.5, 1.5)).get("x");
    assertEquals(0.0, r.<Double>getAs("psi"), TOL);
    assertEquals("STABLE", r.getAs("psi_band"));
  }

  @Test
  void windowWithNoRowsHasNoResults() {
    FeatureBaseline x = numeric("x", List.of(1.0), 0.0, 2.0, List.of(0.5, 0.5));
    assertTrue(drift(model(x), DataTypes.DoubleType, List.of()).isEmpty());
  }

  @Test
  void severalFeaturesInOneAggregation() {
    // Two features share one histogram buffer; each is computed as if alone.
    FeatureBaseline x = numeric("x", List.of(1.0), 0.0, 2.0, List.of(0.5, 0.5));
    FeatureBaseline y = numeric("y", List.of(1.0), 0.0, 2.0, List.of(0.5, 0.5));
    List<Row> rows = List.of(RowFactory.create(0.5, 0.5), RowFactory.create(0.5, 1.5));
    Map<String, Row> d = drift(model(x, y), DataTypes.DoubleType, rows);
    assertEquals(0.0, d.get("y").<Double>getAs("psi"), TOL);
    double expected = 0.5 * Math.log(2) + (1e-4 - 0.5) * Math.log(1e-4 / 0.5);
    assertEquals(expected, d.get("x").<Double>getAs("psi"), TOL);
  }
}
