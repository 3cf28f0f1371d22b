package io.steward.jobs.scan;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.steward.common.domain.FeatureType;
import io.steward.common.metrics.drift.FeatureBaseline;
import io.steward.common.metrics.drift.ModelBaseline;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * The profile input of a scan ({@link ProfileInput}), built on the driver: the value columns of
 * every model of the scan, each distinct column expression once (models of a shared log table share
 * their columns), and each model's positions among them. Serves the nightly scan of a log and the
 * baseline's scan of a training snapshot alike.
 */
public final class ProfileColumns {
  private final Block numeric = new Block();
  private final Block categorical = new Block();
  private final Block slices = new Block();

  /**
   * Distinct column expressions in the order first added, and the scans that read each (another
   * scan's rows hold a null there).
   */
  private static final class Block {
    final Map<String, Integer> index = new LinkedHashMap<>();
    final List<Column> columns = new ArrayList<>();
    final List<Set<Integer>> scans = new ArrayList<>();

    int position(int scan, Column c) {
      int at =
          index.computeIfAbsent(
              c.toString(),
              k -> {
                columns.add(c);
                scans.add(new HashSet<>());
                return columns.size() - 1;
              });
      scans.get(at).add(scan);
      return at;
    }

    void selectFor(int scan, DataType type, List<Column> out) {
      for (int i = 0; i < columns.size(); i++) {
        out.add(scans.get(i).contains(scan) ? columns.get(i) : lit(null).cast(type));
      }
    }
  }

  /**
   * Adds a model's value columns.
   *
   * @param scan the number of the scan whose rows hold them
   * @param valueOf the column holding a drift feature's value, by feature name
   * @param sliceColumns the model's slice columns, protected first, then other
   * @return where the model's values sit
   */
  public ModelRules.Columns add(
      int scan,
      ModelBaseline baseline,
      Function<String, Column> valueOf,
      List<String> sliceColumns) {
    List<Integer> n = new ArrayList<>();
    List<Integer> c = new ArrayList<>();
    for (FeatureBaseline f : baseline.features()) {
      Column v = valueOf.apply(f.feature());
      if (f.type() == FeatureType.NUMERIC) {
        n.add(numeric.position(scan, v.cast("double")));
      } else {
        c.add(categorical.position(scan, v.cast("string")));
      }
    }
    List<Integer> s = new ArrayList<>();
    for (String column : sliceColumns) {
      s.add(slices.position(scan, col(column).cast("string")));
    }
    return new ModelRules.Columns(ints(n), ints(c), ints(s));
  }

  public ProfileInput layout() {
    return new ProfileInput(
        numeric.columns.size(), categorical.columns.size(), slices.columns.size());
  }

  /**
   * A scan's rows as the profile reads them: the fixed fields (by name, see {@link
   * ProfileInput#FIXED}), then the value columns (null where only another scan's models read them).
   */
  public Dataset<Row> select(Dataset<Row> rows, Map<String, Column> fixed, int scan) {
    ProfileInput layout = layout();
    List<StructField> fields = List.of(layout.schema().fields());
    List<Column> values = new ArrayList<>();
    numeric.selectFor(scan, DataTypes.DoubleType, values);
    categorical.selectFor(scan, DataTypes.StringType, values);
    slices.selectFor(scan, DataTypes.StringType, values);
    List<Column> out = new ArrayList<>();
    for (int i = 0; i < fields.size(); i++) {
      StructField f = fields.get(i);
      Column c =
          i < ProfileInput.FIXED.size()
              ? fixed.get(f.name())
              : values.get(i - ProfileInput.FIXED.size());
      if (c == null) {
        throw new IllegalStateException("no column for the profile field " + f.name());
      }
      out.add(c.cast(f.dataType()).as(f.name()));
    }
    return rows.select(out.toArray(Column[]::new));
  }

  private static int[] ints(List<Integer> values) {
    return values.stream().mapToInt(Integer::intValue).toArray();
  }
}
