package io.steward.jobs;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Values read from a user's table column, whatever its type. */
public final class ColumnValues {
  private ColumnValues() {}

  /** The type of {@code column} in {@code schema} (by name, ignoring case), or null. */
  public static DataType type(StructType schema, String column) {
    for (StructField f : schema.fields()) {
      if (f.name().equalsIgnoreCase(column)) {
        return f.dataType();
      }
    }
    return null;
  }

  /**
   * A number from a numeric, boolean or text column: true and false are 1 and 0, text that is not a
   * number is null (and the profiler counts it as invalid).
   */
  public static Column toDouble(Column c, DataType type) {
    if (type instanceof NumericType || type instanceof BooleanType) {
      return c.cast("double");
    }
    Column text = lower(c.cast("string"));
    return when(text.equalTo("true"), lit(1.0))
        .when(text.equalTo("false"), lit(0.0))
        .otherwise(c.cast("string").try_cast("double"));
  }
}
