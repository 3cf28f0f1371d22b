package io.steward.jobs.labels;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import io.steward.common.spec.MonitorSpec;
import io.steward.jobs.ColumnValues;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The labels job's rows, and the rule that merges an id's rows into its latest label. */
final class LabelRows {
  private LabelRows() {}

  /**
   * A labels table's rows as the labels job writes them ({@link LabelIndex#LATEST}, one row each):
   * h1 and h2 (the id's hashes, see {@link LabelKey}), label (a number: NaN for a value that is not
   * one, null for a missing value), lts (microseconds) and copies (1). With a label timestamp,
   * labels stamped before {@code earliest} (the first window's start) are left out: they cannot be
   * labels of the windows' predictions. Rows without an id cannot be joined.
   */
  static Dataset<Row> of(Dataset<Row> table, MonitorSpec.Labels l, Instant earliest, LabelKey key) {
    Column labelTime = l.timestamp() == null ? lit(null).cast("timestamp") : col(l.timestamp());
    Column pid = col(l.predictionId()).cast("string");
    Column raw = col(l.label());
    Dataset<Row> rows =
        table
            .where(pid.isNotNull())
            .select(
                key.first(pid).as("h1"),
                key.guard(pid).as("h2"),
                when(
                        raw.isNotNull(),
                        coalesce(
                            ColumnValues.toDouble(
                                raw, ColumnValues.type(table.schema(), l.label())),
                            lit(Double.NaN)))
                    .as("label"),
                unix_micros(labelTime.cast("timestamp")).as("lts"),
                lit(1L).as("copies"));
    if (l.timestamp() != null) {
      rows = rows.where(col("lts").geq(lit(ChronoUnit.MICROS.between(Instant.EPOCH, earliest))));
    }
    return rows;
  }

  /**
   * The latest label of each id among rows of {@link LabelIndex#LATEST}, with the copies summed:
   * the row with the latest time, and among rows of the same time (or without one) the largest
   * value, a missing value below every number and NaN above. This is the rule {@link
   * LabelIndex#load} merges an id's rows by, so the shuffle join and the index give the same
   * labels.
   */
  static Dataset<Row> latest(Dataset<Row> rows) {
    return rows.groupBy("h1", "h2")
        .agg(
            max_by(col("label"), struct(col("lts"), col("label"))).as("label"),
            max(col("lts")).as("lts"),
            sum(col("copies")).as("copies"));
  }
}
