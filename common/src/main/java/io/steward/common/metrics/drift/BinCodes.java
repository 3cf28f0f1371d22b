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
 * Turns a row's feature values into the histogram slots they count in, as one {@code array<int>}
 * column with two entries per feature: the value's bin (or the missing slot), and the extra slot
 * (out of range / unseen category) or -1 when it does not apply. Plain Catalyst expressions, so the
 * bin of each value is computed once per row inside generated code.
 */
public final class BinCodes {
  private BinCodes() {}

  /** Slot code meaning "nothing to count". */
  public static final int NONE = -1;

  /**
   * @param baseline the model's baseline, which fixes bins and slot numbers
   * @param valueOf the column holding a feature's value, by feature name
   */
  public static Column codes(ModelBaseline baseline, Function<String, Column> valueOf) {
    List<Column> codes = new ArrayList<>();
    for (int i = 0; i < baseline.features().size(); i++) {
      FeatureBaseline f = baseline.features().get(i);
      int offset = baseline.slotOffset(i);
      Column value = valueOf.apply(f.feature());
      if (f.type() == FeatureType.NUMERIC) {
        numeric(f, offset, value.cast("double"), codes);
      } else {
        categorical(f, offset, value.cast("string"), codes);
      }
    }
    return array(codes.toArray(Column[]::new));
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

  private static void categorical(FeatureBaseline f, int offset, Column s, List<Column> codes) {
    int bins = f.binCount();
    Column bin = when(s.isNull(), offset + bins + 1);
    for (int b = 0; b < f.categories().size(); b++) {
      bin = bin.when(s.equalTo(f.categories().get(b)), offset + b);
    }
    codes.add(bin.otherwise(offset + bins - 1));
    if (f.knownCategories() == null) {
      codes.add(lit(NONE));
    } else if (f.knownCategories().isEmpty()) {
      codes.add(when(s.isNotNull(), offset + bins).otherwise(NONE));
    } else {
      Column unseen = s.isNotNull().and(s.isin(f.knownCategories().toArray()).unary_$bang());
      codes.add(when(unseen, offset + bins).otherwise(NONE));
    }
  }
}
