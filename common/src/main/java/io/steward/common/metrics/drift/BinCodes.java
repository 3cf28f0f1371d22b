package io.steward.common.metrics.drift;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.steward.common.domain.FeatureType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Column;

/**
 * Turns a row's numeric feature values into the histogram slots they count in, as one {@code
 * array<int>} column with two entries per feature: the value's bin (or the missing slot), and the
 * out-of-range slot or -1 when it does not apply. Plain Catalyst expressions, so the bin of each
 * value is computed once per row inside generated code. Categorical values are passed as text and
 * binned by {@link CategoricalSlots}, one hash lookup each.
 */
public final class BinCodes {
  private BinCodes() {}

  /** Slot code meaning "nothing to count". */
  public static final int NONE = -1;

  /**
   * The slots of a row's numeric features, two entries per feature (categorical features are
   * counted from {@link #categoricalValues} by {@link CategoricalSlots}).
   *
   * @param baseline the model's baseline, which fixes bins and slot numbers
   * @param valueOf the column holding a feature's value, by feature name
   */
  public static Column numericCodes(ModelBaseline baseline, Function<String, Column> valueOf) {
    List<Column> codes = new ArrayList<>();
    for (int i = 0; i < baseline.features().size(); i++) {
      FeatureBaseline f = baseline.features().get(i);
      if (f.type() == FeatureType.NUMERIC) {
        numeric(f, baseline.slotOffset(i), valueOf.apply(f.feature()).cast("double"), codes);
      }
    }
    return codes.isEmpty() ? array().cast("array<int>") : array(codes.toArray(Column[]::new));
  }

  /** A row's categorical feature values as text, in the baseline's order. */
  public static Column categoricalValues(ModelBaseline baseline, Function<String, Column> valueOf) {
    List<Column> values = new ArrayList<>();
    for (FeatureBaseline f : baseline.features()) {
      if (f.type() == FeatureType.CATEGORICAL) {
        values.add(valueOf.apply(f.feature()).cast("string"));
      }
    }
    return values.isEmpty() ? array().cast("array<string>") : array(values.toArray(Column[]::new));
  }

  private static void numeric(FeatureBaseline f, int offset, Column v, List<Column> codes) {
    int bins = f.binCount();
    Column missing = v.isNull().or(isnan(v));
    Column bin = when(missing, offset + bins + 1);
    for (int b = 0; b < f.edges().size(); b++) {
      bin = bin.when(v.leq(f.edges().get(b)), offset + b);
    }
    codes.add(bin.otherwise(offset + bins - 1));
    if (f.min() == null) {
      codes.add(lit(NONE));
    } else {
      Column outside = v.lt(f.min()).or(v.gt(f.max()));
      codes.add(when(missing, NONE).when(outside, offset + bins).otherwise(NONE));
    }
  }
}
