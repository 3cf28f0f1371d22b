package io.steward.jobs.labels;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/** Gives a log's rows the latest label of their prediction id. */
public final class LabelJoin {
  private LabelJoin() {}

  /**
   * Gives log rows the latest labels of a source by prediction id, adding lok_k (the id has a row
   * in the labels: both hashes agree), lab_k, lts_k (microseconds) and copies_k, null where lok_k
   * is false: looked up in the executors' index, or joined by a shuffle above the index limit.
   */
  public static Dataset<Row> join(
      Dataset<Row> rows, String predictionIdColumn, LabelSource source, int k) {
    Column pid = col(predictionIdColumn).cast("string");
    if (source.indexed()) {
      LabelIndexes.Source s = source.index();
      String at = "lat_" + k;
      Column found = col(at);
      Map<String, Column> fields = new LinkedHashMap<>();
      fields.put("lok_" + k, found.geq(0));
      fields.put("lab_" + k, field(s, LabelLookup.Field.Which.LABEL, DataTypes.DoubleType, found));
      fields.put("lts_" + k, field(s, LabelLookup.Field.Which.TIME, DataTypes.LongType, found));
      fields.put(
          "copies_" + k, field(s, LabelLookup.Field.Which.COPIES, DataTypes.LongType, found));
      return rows.withColumn(
              at,
              udf(new LabelLookup.Find(s), DataTypes.IntegerType)
                  .apply(source.key().first(pid), source.key().guard(pid)))
          .withColumns(fields)
          .drop(at);
    }
    Dataset<Row> latest =
        source
            .rows()
            .select(
                col("h1").as("lh1_" + k),
                col("h2").as("lh2_" + k),
                col("label").as("lab_" + k),
                col("lts").as("lts_" + k),
                col("copies").as("copies_" + k));
    Column on =
        source
            .key()
            .first(pid)
            .equalTo(col("lh1_" + k))
            .and(source.key().guard(pid).equalTo(col("lh2_" + k)));
    return rows.join(latest, on, "left")
        .withColumn("lok_" + k, col("lh1_" + k).isNotNull())
        .drop("lh1_" + k, "lh2_" + k);
  }

  private static Column field(
      LabelIndexes.Source s, LabelLookup.Field.Which which, DataType type, Column found) {
    return udf(new LabelLookup.Field(s, which), type).apply(found);
  }

  /** Whether the row's prediction id has a (non-missing) label in the joined labels {@code k}. */
  public static Column hasLabel(int k) {
    return col("lok_" + k).and(col("lab_" + k).isNotNull());
  }
}
