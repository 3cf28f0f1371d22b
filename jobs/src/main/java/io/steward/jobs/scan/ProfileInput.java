package io.steward.jobs.scan;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import java.io.Serializable;
import org.apache.spark.sql.types.StructType;

/**
 * The layout of the rows {@link WindowScan} reads: the {@link #FIXED} fields, then the values of
 * the scan's numeric features (doubles), categorical features (text) and slice columns (text), each
 * column once however many of the scan's models use it. Flat primitive columns, so the scan reads
 * each value straight from Spark's binary rows with no conversion to Java objects.
 *
 * @param numeric how many numeric value columns follow the fixed fields
 * @param categorical how many categorical value columns follow those
 * @param slices how many slice value columns follow those
 */
public record ProfileInput(int numeric, int categorical, int slices) implements Serializable {

  /**
   * The fixed fields. {@code model} is the row's model's position in the scan's rules; {@code
   * day_us} and {@code week_us} the start (microseconds) of the DAY and WEEK window the row counts
   * in, null when it counts in none; {@code label_copies} the rows its prediction id has in the
   * labels table.
   */
  public static final StructType FIXED =
      new StructType()
          .add("model", IntegerType, false)
          .add("version", StringType, true)
          .add("day_us", LongType, true)
          .add("week_us", LongType, true)
          .add("ts_us", LongType, true)
          .add("id_hash", LongType, false)
          .add("score", DoubleType, true)
          .add("prediction", DoubleType, true)
          .add("prediction_present", BooleanType, false)
          .add("label", DoubleType, true)
          .add("label_present", BooleanType, false)
          .add("label_ts_us", LongType, true)
          .add("latency", DoubleType, true)
          .add("status", StringType, true)
          .add("source", StringType, true)
          .add("label_copies", LongType, true);

  static final int MODEL = 0;
  static final int VERSION = 1;
  static final int DAY = 2;
  static final int WEEK = 3;
  static final int TS = 4;
  static final int ID_HASH = 5;
  static final int SCORE = 6;
  static final int PREDICTION = 7;
  static final int PREDICTION_PRESENT = 8;
  static final int LABEL = 9;
  static final int LABEL_PRESENT = 10;
  static final int LABEL_TS = 11;
  static final int LATENCY = 12;
  static final int STATUS = 13;
  static final int SOURCE = 14;
  static final int LABEL_COPIES = 15;

  public ProfileInput {
    if (numeric < 0 || categorical < 0 || slices < 0) {
      throw new IllegalArgumentException("column counts cannot be negative");
    }
  }

  /** The schema of the input rows: fixed fields, then n0.., c0.., s0... */
  public StructType schema() {
    StructType s = FIXED;
    for (int i = 0; i < numeric; i++) {
      s = s.add("n" + i, DoubleType, true);
    }
    for (int i = 0; i < categorical; i++) {
      s = s.add("c" + i, StringType, true);
    }
    for (int i = 0; i < slices; i++) {
      s = s.add("s" + i, StringType, true);
    }
    return s;
  }

  int numericOrdinal(int column) {
    return FIXED.size() + column;
  }

  int categoricalOrdinal(int column) {
    return FIXED.size() + numeric + column;
  }

  int sliceOrdinal(int column) {
    return FIXED.size() + numeric + categorical + column;
  }
}
