package io.steward.common.metrics.drift;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Aggregator;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Counts slot codes: the input is an {@code array<int>} of slot numbers per row (negative entries
 * are skipped), the result an {@code array<bigint>} whose entry i is how many times slot i
 * occurred. One buffer per group holds every feature's bins, so a single aggregation builds all
 * histograms of a model at once. The buffer grows to the largest slot seen; the reader treats slots
 * past its end as zero.
 */
public final class SlotCounter extends Aggregator<Row, long[], Row> {
  private static final long serialVersionUID = 1L;

  public static final StructType INPUT =
      new StructType().add("codes", DataTypes.createArrayType(DataTypes.IntegerType, false));
  public static final StructType OUTPUT =
      new StructType().add("counts", DataTypes.createArrayType(DataTypes.LongType, false));

  @Override
  public long[] zero() {
    return new long[0];
  }

  @Override
  public long[] reduce(long[] buffer, Row row) {
    List<Integer> codes = row.getList(0);
    long[] b = buffer;
    for (Integer code : codes) {
      int c = code;
      if (c < 0) {
        continue;
      }
      if (c >= b.length) {
        b = Arrays.copyOf(b, Math.max(c + 1, b.length * 2));
      }
      b[c]++;
    }
    return b;
  }

  @Override
  public long[] merge(long[] left, long[] right) {
    long[] big = left.length >= right.length ? left : right;
    long[] small = big == left ? right : left;
    for (int i = 0; i < small.length; i++) {
      big[i] += small[i];
    }
    return big;
  }

  @Override
  public Row finish(long[] buffer) {
    return RowFactory.create((Object) buffer);
  }

  @Override
  public Encoder<long[]> bufferEncoder() {
    return Encoders.kryo(long[].class);
  }

  @Override
  public Encoder<Row> outputEncoder() {
    return Encoders.row(OUTPUT);
  }
}
