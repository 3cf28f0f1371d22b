package io.steward.jobs.baseline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;

import io.steward.common.metrics.drift.DecileEdges;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * The exact statistics a baseline is made of, computed on the executors from a training snapshot.
 *
 * <p>Numeric edges are nearest-rank deciles: among the n non-missing values in ascending order, the
 * value of rank ceil(k * n / 10) for k = 1..9, computed in integer arithmetic as (k * n + 9) div
 * 10. The values are first reduced to (value, count) pairs, then a running count per feature finds
 * the value covering each target rank: exact at any size, with memory bounded by the number of
 * distinct values per partition rather than by the row count.
 */
public final class SnapshotStatistics {
  private SnapshotStatistics() {}

  /**
   * @param snapshot the training snapshot
   * @param columns feature name to the column holding its value
   * @return feature, ranked_values (the values at the decile ranks, ascending, duplicates kept),
   *     min, max, non_missing; features without any non-missing value have no row
   */
  public static Dataset<Row> numericDeciles(Dataset<Row> snapshot, Map<String, Column> columns) {
    List<Column> pairs = new ArrayList<>();
    for (Map.Entry<String, Column> e : columns.entrySet()) {
      pairs.add(struct(lit(e.getKey()).as("feature"), e.getValue().cast("double").as("value")));
    }
    Dataset<Row> values =
        snapshot
            .select(
                explode(org.apache.spark.sql.functions.array(pairs.toArray(Column[]::new))).as("p"))
            .select(col("p.feature").as("feature"), col("p.value").as("value"))
            .where(col("value").isNotNull().and(isnan(col("value")).unary_$bang()));
    WindowSpec byFeature = Window.partitionBy(col("feature"));
    WindowSpec running =
        byFeature
            .orderBy(col("value"))
            .rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    Dataset<Row> cumulative =
        values
            .groupBy(col("feature"), col("value"))
            .agg(count(lit(1)).as("cnt"))
            .withColumn("cum", sum(col("cnt")).over(running))
            .withColumn("n", sum(col("cnt")).over(byFeature))
            .withColumn("lo", min(col("value")).over(byFeature))
            .withColumn("hi", max(col("value")).over(byFeature));
    Column k = explode(sequence(lit(1), lit(DecileEdges.QUANTILES - 1)));
    Column rank =
        expr("(k * n + " + (DecileEdges.QUANTILES - 1) + ") div " + DecileEdges.QUANTILES);
    return cumulative
        .select(col("*"), k.as("k"))
        .where(col("cum").minus(col("cnt")).lt(rank).and(rank.leq(col("cum"))))
        .groupBy(col("feature"))
        .agg(
            sort_array(collect_list(struct(col("k"), col("value"))))
                .getField("value")
                .as("ranked_values"),
            first(col("lo")).as("min"),
            first(col("hi")).as("max"),
            first(col("n")).as("non_missing"));
  }

  /**
   * @param snapshot the training snapshot
   * @param columns feature name to the column holding its value (cast to string)
   * @return feature, category, cnt: the frequency of every non-null category
   */
  public static Dataset<Row> categoryCounts(Dataset<Row> snapshot, Map<String, Column> columns) {
    List<Column> pairs = new ArrayList<>();
    for (Map.Entry<String, Column> e : columns.entrySet()) {
      pairs.add(struct(lit(e.getKey()).as("feature"), e.getValue().cast("string").as("category")));
    }
    return snapshot
        .select(explode(org.apache.spark.sql.functions.array(pairs.toArray(Column[]::new))).as("p"))
        .select(col("p.feature").as("feature"), col("p.category").as("category"))
        .where(col("category").isNotNull())
        .groupBy(col("feature"), col("category"))
        .agg(count(lit(1)).as("cnt"));
  }
}
