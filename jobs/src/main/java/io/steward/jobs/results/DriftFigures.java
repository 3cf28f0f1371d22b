package io.steward.jobs.results;

import io.steward.common.metrics.drift.FeatureDrift;
import io.steward.common.metrics.drift.ModelBaseline;
import io.steward.common.metrics.drift.Psi;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The drift rows of a run's windows: each window's histogram turned into one row per feature of its
 * model's baseline ({@link FeatureDrift}: the PSI and the data-quality rates). Runs on the
 * executors, one histogram row at a time; the baselines travel with the task.
 */
public final class DriftFigures {
  private DriftFigures() {}

  /**
   * @param histograms the group columns, row_count and counts (the slot counts of the window scan,
   *     entry i counting slot i), as the window scan builds them
   * @param baselines the baseline of every model in the histograms, by model id
   * @param groupColumns the columns that identify a histogram (model_id among them)
   * @return one row per group and feature: the group columns, feature, feature_type, psi, psi_band,
   *     missing_rate, out_of_range_rate, new_category_rate, row_count, non_missing_count,
   *     baseline_id, baseline_row_count, baseline_table, baseline_version, bin_count, epsilon
   */
  public static Dataset<Row> compute(
      Dataset<Row> histograms, Map<String, ModelBaseline> baselines, List<String> groupColumns) {
    StructType in = histograms.schema();
    StructType out = new StructType();
    int[] groups = new int[groupColumns.size()];
    for (int i = 0; i < groups.length; i++) {
      groups[i] = in.fieldIndex(groupColumns.get(i));
      out = out.add(in.fields()[groups[i]]);
    }
    out =
        out.add("feature", DataTypes.StringType, false)
            .add("feature_type", DataTypes.StringType, false)
            .add("psi", DataTypes.DoubleType, true)
            .add("psi_band", DataTypes.StringType, true)
            .add("missing_rate", DataTypes.DoubleType, true)
            .add("out_of_range_rate", DataTypes.DoubleType, true)
            .add("new_category_rate", DataTypes.DoubleType, true)
            .add("row_count", DataTypes.LongType, true)
            .add("non_missing_count", DataTypes.LongType, true)
            .add("baseline_id", DataTypes.StringType, false)
            .add("baseline_row_count", DataTypes.LongType, false)
            .add("baseline_table", DataTypes.StringType, false)
            .add("baseline_version", DataTypes.LongType, false)
            .add("bin_count", DataTypes.IntegerType, false)
            .add("epsilon", DataTypes.DoubleType, false);
    HashMap<String, ModelBaseline> shipped = new HashMap<>(baselines);
    int model = in.fieldIndex("model_id");
    int rows = in.fieldIndex("row_count");
    int counts = in.fieldIndex("counts");
    return histograms.flatMap(
        (FlatMapFunction<Row, Row>)
            r -> {
              ModelBaseline b = shipped.get(r.getString(model));
              if (b == null) {
                return List.<Row>of().iterator();
              }
              List<Long> boxed = r.getList(counts);
              long[] histogram = new long[boxed.size()];
              for (int i = 0; i < histogram.length; i++) {
                histogram[i] = boxed.get(i);
              }
              List<Row> features = new ArrayList<>();
              for (FeatureDrift d : FeatureDrift.of(b, r.getLong(rows), histogram)) {
                Object[] values = new Object[groups.length + 15];
                for (int i = 0; i < groups.length; i++) {
                  values[i] = r.get(groups[i]);
                }
                int k = groups.length;
                values[k++] = d.baseline().feature();
                values[k++] = d.baseline().type().sqlName();
                values[k++] = d.psi();
                values[k++] = d.band() == null ? null : d.band().name();
                values[k++] = d.missingRate();
                values[k++] = d.outOfRangeRate();
                values[k++] = d.newCategoryRate();
                values[k++] = d.rowCount();
                values[k++] = d.nonMissingCount();
                values[k++] = b.baselineId();
                values[k++] = b.rowCount();
                values[k++] = b.snapshotTable();
                values[k++] = b.snapshotVersion();
                values[k++] = d.baseline().reportedBinCount();
                values[k] = Psi.EPSILON;
                features.add(RowFactory.create(values));
              }
              return features.iterator();
            },
        Encoders.row(out));
  }
}
