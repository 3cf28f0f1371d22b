package io.steward.jobs.labels;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A labels table to join: the latest label of each prediction id ({@link LabelRows#latest}), keyed
 * by the id's two 64-bit hashes, either indexed on every executor ({@code index}: the scan looks
 * each row's id up, see {@link LabelIndex}) or, above the index limit, joined by a shuffle of the
 * log ({@code rows}).
 */
public record LabelSource(
    String table, Dataset<Row> rows, LabelIndexes.Source index, LabelKey key) {
  public boolean indexed() {
    return index != null;
  }
}
