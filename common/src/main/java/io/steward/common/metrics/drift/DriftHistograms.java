package io.steward.common.metrics.drift;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udaf;
import static org.apache.spark.sql.functions.when;

import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.UserDefinedFunction;

/**
 * Builds every feature histogram of every model in a log table in one aggregation: rows are grouped
 * by model, version and window, and each row adds its features' slot codes to its group's counters.
 * Runs on the executors; the result has one small row per group.
 */
public final class DriftHistograms {
  private DriftHistograms() {}

  public static final String MODEL_ID = "model_id";
  public static final String MODEL_VERSION = "model_version";
  public static final String WINDOW_START = "window_start";
  public static final String ROW_COUNT = "row_count";
  public static final String COUNTS = "counts";

  private static final UserDefinedFunction SLOT_COUNTER =
      udaf(new SlotCounter(), Encoders.row(SlotCounter.INPUT));

  /**
   * @param rows the log rows of the window(s), already filtered to the time range
   * @param modelId the model id of a row (a column, or a literal when the table has one model)
   * @param modelVersion the model version of a row
   * @param windowStart the start of the row's window
   * @param codesByModel each model's {@link BinCodes#codes} column; rows of other models are left
   *     out
   * @return model_id, model_version, window_start, row_count, counts
   */
  public static Dataset<Row> compute(
      Dataset<Row> rows,
      Column modelId,
      Column modelVersion,
      Column windowStart,
      Map<String, Column> codesByModel) {
    Column codes = null;
    for (Map.Entry<String, Column> e : codesByModel.entrySet()) {
      Column m = modelId.equalTo(lit(e.getKey()));
      codes = codes == null ? when(m, e.getValue()) : codes.when(m, e.getValue());
    }
    if (codes == null) {
      throw new IllegalArgumentException("no model to build histograms for");
    }
    return rows.select(
            modelId.cast("string").as(MODEL_ID),
            modelVersion.cast("string").as(MODEL_VERSION),
            windowStart.as(WINDOW_START),
            codes.as("codes"))
        .where(col("codes").isNotNull())
        .groupBy(col(MODEL_ID), col(MODEL_VERSION), col(WINDOW_START))
        .agg(
            count(lit(1)).as(ROW_COUNT),
            SLOT_COUNTER.apply(col("codes")).getField(COUNTS).as(COUNTS));
  }
}
