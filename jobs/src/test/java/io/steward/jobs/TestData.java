package io.steward.jobs;

import io.steward.common.testing.Specs;
import io.steward.registry.testing.TestSpark;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Writes small Delta tables for the end-to-end tests. */
public final class TestData {
  private TestData() {}

  /** A baseline snapshot: a numeric and a categorical feature and a score. */
  public static final StructType SNAPSHOT =
      new StructType()
          .add("x", DataTypes.DoubleType)
          .add("region", DataTypes.StringType)
          .add("score", DataTypes.DoubleType);

  /** A prediction log of the features of {@link #SNAPSHOT}. */
  public static final StructType LOG =
      new StructType()
          .add("event_ts", DataTypes.TimestampType)
          .add("model_id", DataTypes.StringType)
          .add("model_version", DataTypes.StringType)
          .add("prediction_id", DataTypes.StringType)
          .add("score", DataTypes.DoubleType)
          .add("decision", DataTypes.IntegerType)
          .add("x", DataTypes.DoubleType)
          .add("region", DataTypes.StringType);

  /** One row of {@link #LOG}; the decision is the score at or over 0.5. */
  public static Row logRow(
      String at, String model, String version, String id, double score, double x, String region) {
    return RowFactory.create(ts(at), model, version, id, score, score >= 0.5 ? 1 : 0, x, region);
  }

  public static void writeDelta(String path, List<Row> rows, StructType schema, String mode) {
    TestSpark.get()
        .createDataFrame(rows, schema)
        .coalesce(1)
        .write()
        .format("delta")
        .mode(mode)
        .save(path);
  }

  public static Timestamp ts(String instant) {
    return Timestamp.from(Instant.parse(instant));
  }

  /**
   * The spec of a binary model over the end-to-end tests' prediction log ({@link #LOG}: {@code x}
   * numeric, {@code region} categorical) and a baseline snapshot.
   */
  public static Specs.Builder spec(String model, String log, String snapshot) {
    return Specs.binary(model)
        .predictions(Specs.delta(log))
        .column("prediction", "decision")
        .numeric("x")
        .categorical("region")
        .baseline(Specs.delta(snapshot));
  }
}
