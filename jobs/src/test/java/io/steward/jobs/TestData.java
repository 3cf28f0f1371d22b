package io.steward.jobs;

import io.steward.common.testing.Specs;
import io.steward.registry.testing.TestSpark;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/** Writes small Delta tables for the end-to-end tests. */
final class TestData {
  private TestData() {}

  static void writeDelta(String path, List<Row> rows, StructType schema, String mode) {
    TestSpark.get()
        .createDataFrame(rows, schema)
        .coalesce(1)
        .write()
        .format("delta")
        .mode(mode)
        .save(path);
  }

  static Timestamp ts(String instant) {
    return Timestamp.from(Instant.parse(instant));
  }

  /**
   * The spec of a binary model over the end-to-end tests' prediction log ({@code x} numeric, {@code
   * region} categorical) and a baseline snapshot.
   */
  static Specs.Builder spec(String model, String log, String snapshot) {
    return Specs.binary(model)
        .predictions(Specs.delta(log))
        .column("prediction", "decision")
        .numeric("x")
        .categorical("region")
        .baseline(Specs.delta(snapshot));
  }
}
