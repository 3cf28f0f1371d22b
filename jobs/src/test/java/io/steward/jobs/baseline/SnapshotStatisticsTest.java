package io.steward.jobs.baseline;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.common.metrics.drift.CategoryRanking;
import io.steward.common.metrics.drift.DecileEdges;
import io.steward.registry.testing.TestSpark;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class SnapshotStatisticsTest {
  private static Map<String, Row> deciles(List<Row> rows, StructType schema, String... features) {
    Dataset<Row> df = TestSpark.get().createDataFrame(rows, schema);
    Map<String, Column> columns = new LinkedHashMap<>();
    for (String f : features) {
      columns.put(f, col(f));
    }
    Map<String, Row> out = new HashMap<>();
    for (Row r : SnapshotStatistics.numericDeciles(df, columns).collectAsList()) {
      out.put(r.getString(0), r);
    }
    return out;
  }

  @Test
  void nearestRankDecilesOfFifteenValues() {
    // n = 15: ranks (k*15+9) div 10 for k=1..9 are 2,3,5,6,8,9,11,12,14.
    // Values are 1..15 shuffled, plus a null and a NaN that do not count.
    List<Row> rows = new ArrayList<>();
    int[] values = {7, 3, 15, 1, 9, 12, 2, 14, 5, 10, 4, 13, 6, 11, 8};
    for (int v : values) {
      rows.add(RowFactory.create((double) v));
    }
    rows.add(RowFactory.create((Double) null));
    rows.add(RowFactory.create(Double.NaN));
    StructType schema = new StructType().add("x", DataTypes.DoubleType);
    Row r = deciles(rows, schema, "x").get("x");
    assertEquals(List.of(2.0, 3.0, 5.0, 6.0, 8.0, 9.0, 11.0, 12.0, 14.0), r.getList(1));
    assertEquals(1.0, r.getDouble(2));
    assertEquals(15.0, r.getDouble(3));
    assertEquals(15L, r.getLong(4));
  }

  @Test
  void duplicatesCollapseAndConstantHasOneEdge() {
    // n = 10: ranks 1..9; values 1,1,1,1,1,1,2,2,2,9 -> 1,1,1,1,1,1,2,2,2 -> edges {1,2}.
    List<Row> rows = new ArrayList<>();
    int[] values = {1, 1, 1, 1, 1, 1, 2, 2, 2, 9};
    for (int i = 0; i < values.length; i++) {
      rows.add(RowFactory.create(values[i], 5L));
    }
    StructType schema =
        new StructType().add("x", DataTypes.IntegerType).add("c", DataTypes.LongType);
    Map<String, Row> d = deciles(rows, schema, "x", "c");
    assertEquals(List.of(1.0, 2.0), DecileEdges.edges(d.get("x").getList(1)));
    assertEquals(List.of(5.0), DecileEdges.edges(d.get("c").getList(1)));
    assertEquals(9.0, d.get("x").getDouble(3));
  }

  @Test
  void allMissingFeatureHasNoRow() {
    List<Row> rows = List.of(RowFactory.create((Double) null), RowFactory.create(Double.NaN));
    Map<String, Row> d = deciles(rows, new StructType().add("x", DataTypes.DoubleType), "x");
    assertTrue(d.isEmpty());
  }

  @Test
  void topCategoriesBreakTiesByCodePoint() {
    Map<String, Long> counts = new HashMap<>();
    counts.put("b", 5L);
    counts.put("a", 5L);
    counts.put("K", 5L);
    counts.put("z", 9L);
    for (int i = 0; i < 60; i++) {
      counts.put(String.format("c%02d", i), 1L);
    }
    List<String> top = CategoryRanking.top(counts);
    assertEquals(50, top.size());
    assertEquals(List.of("z", "K", "a", "b", "c00"), top.subList(0, 5));
    assertEquals("c45", top.get(49));
  }
}
