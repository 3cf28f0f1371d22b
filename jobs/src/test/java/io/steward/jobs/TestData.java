package io.steward.jobs;

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

  static String spec(String model, String log, String snapshot, Long version) {
    return """
        model_id: %s
        problem_type: binary_classification
        predictions:
          table: delta.`%s`
          timestamp: event_ts
          model_id: model_id
          model_version: model_version
          prediction_id: prediction_id
          score: score
          prediction: decision
        features:
          numeric: [x]
          categorical: [region]
        baseline:
          table: delta.`%s`
        %s  score: score
        """
        .formatted(model, log, snapshot, version == null ? "" : "  version: " + version + "\n");
  }
}
