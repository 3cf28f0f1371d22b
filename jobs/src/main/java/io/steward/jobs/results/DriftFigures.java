package io.steward.jobs.results;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.steward.common.domain.FeatureType;
import io.steward.common.domain.PsiBand;
import io.steward.common.metrics.drift.FeatureBaseline;
import io.steward.common.metrics.drift.ModelBaseline;
import io.steward.common.metrics.drift.NumericSlots;
import io.steward.common.metrics.drift.SlotRole;
import io.steward.jobs.scan.CategoricalSlots;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Population Stability Index and the data-quality rates, from histograms and baselines.
 *
 * <p>PSI = sum over bins of (a - e) * ln(a / e), where a and e are the current and baseline
 * proportions of non-missing values in the bin and a proportion of 0 is replaced by {@link
 * #EPSILON}. missing_rate = missing / rows; out_of_range_rate = non-missing values outside the
 * baseline min..max / non-missing values; new_category_rate = values of categories the baseline
 * never had / non-null values.
 */
public final class DriftFigures {
  private DriftFigures() {}

  /** What a zero proportion is replaced by. */
  public static final double EPSILON = 1e-4;

  /** Schema of the slot metadata built by {@link #slots}. */
  public static final StructType SLOT_SCHEMA =
      new StructType()
          .add("model_id", DataTypes.StringType, false)
          .add("baseline_id", DataTypes.StringType, false)
          .add("slot", DataTypes.IntegerType, false)
          .add("feature", DataTypes.StringType, false)
          .add("feature_type", DataTypes.StringType, false)
          .add("role", DataTypes.StringType, false)
          .add("expected", DataTypes.DoubleType, true)
          .add("baseline_non_missing", DataTypes.LongType, false)
          .add("baseline_row_count", DataTypes.LongType, false)
          .add("baseline_table", DataTypes.StringType, false)
          .add("baseline_version", DataTypes.LongType, false)
          .add("bin_count", DataTypes.IntegerType, false)
          .add("known_categories_complete", DataTypes.BooleanType, false);

  /** One metadata row per histogram slot of the model: what the slot counts and its baseline. */
  public static List<Row> slots(ModelBaseline baseline) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < baseline.features().size(); i++) {
      FeatureBaseline f = baseline.features().get(i);
      int offset = baseline.slotOffset(i);
      for (int s = 0; s < f.slotCount(); s++) {
        SlotRole role =
            s < f.binCount() ? SlotRole.BIN : s == f.binCount() ? SlotRole.EXTRA : SlotRole.MISSING;
        Double expected =
            role == SlotRole.BIN && f.nonMissingCount() > 0 ? f.expected().get(s) : null;
        rows.add(
            RowFactory.create(
                baseline.modelId(),
                baseline.baselineId(),
                offset + s,
                f.feature(),
                f.type().sqlName(),
                role.name(),
                expected,
                f.nonMissingCount(),
                baseline.rowCount(),
                baseline.snapshotTable(),
                baseline.snapshotVersion(),
                f.reportedBinCount(),
                f.knownCategories() != null));
      }
    }
    return rows;
  }

  /**
   * @param histograms the group columns, row_count and counts (the slot counts of {@link
   *     NumericSlots} and {@link CategoricalSlots}, entry i counting slot i), as the window scan
   *     builds them
   * @param slots rows of {@link #SLOT_SCHEMA} for the models in the histograms
   * @param groupColumns the columns that identify a histogram (model_id first)
   * @return one row per group and feature: the group columns, feature, feature_type, psi, psi_band,
   *     missing_rate, out_of_range_rate, new_category_rate, row_count, non_missing_count,
   *     baseline_id, baseline_row_count, baseline_table, baseline_version, bin_count, epsilon
   */
  public static Dataset<Row> compute(
      Dataset<Row> histograms, Dataset<Row> slots, List<String> groupColumns) {
    List<Column> featureKey = new ArrayList<>();
    for (String g : groupColumns) {
      featureKey.add(col(g));
    }
    featureKey.add(col("feature"));
    WindowSpec perFeature = Window.partitionBy(featureKey.toArray(Column[]::new));

    Column isBin = col("role").equalTo(SlotRole.BIN.name());
    Column n = coalesce(expr("try_element_at(counts, slot + 1)"), lit(0L));
    Dataset<Row> cells =
        histograms
            .join(slots, "model_id")
            .withColumn("n", n)
            .withColumn("non_missing", sum(when(isBin, col("n")).otherwise(0L)).over(perFeature));
    Column actual = col("n").divide(col("non_missing"));
    Column a = when(actual.equalTo(0.0), EPSILON).otherwise(actual);
    Column e = when(col("expected").equalTo(0.0), EPSILON).otherwise(col("expected"));
    Column term = when(isBin.and(col("non_missing").gt(0)), a.minus(e).multiply(log(a.divide(e))));

    List<Column> keys = new ArrayList<>(featureKey);
    for (String c :
        List.of(
            "feature_type",
            "baseline_id",
            "baseline_non_missing",
            "baseline_row_count",
            "baseline_table",
            "baseline_version",
            "bin_count",
            "known_categories_complete")) {
      keys.add(col(c));
    }
    Dataset<Row> perFeatureTotals =
        cells
            .groupBy(keys.toArray(Column[]::new))
            .agg(
                first(col("row_count")).as("row_count"),
                sum(when(isBin, col("n"))).as("non_missing_count"),
                sum(when(col("role").equalTo(SlotRole.MISSING.name()), col("n"))).as("missing"),
                sum(when(col("role").equalTo(SlotRole.EXTRA.name()), col("n"))).as("extra"),
                sum(term).as("psi_sum"));

    Column hasValues = col("non_missing_count").gt(0).and(col("baseline_non_missing").gt(0));
    Column psi = when(hasValues, col("psi_sum"));
    Column numeric = col("feature_type").equalTo(FeatureType.NUMERIC.sqlName());
    Column extraRate = col("extra").divide(col("non_missing_count"));

    List<Column> out = new ArrayList<>(featureKey);
    out.add(col("feature_type"));
    out.add(psi.as("psi"));
    out.add(band(psi).as("psi_band"));
    out.add(
        when(col("row_count").gt(0), col("missing").divide(col("row_count"))).as("missing_rate"));
    out.add(when(numeric.and(hasValues), extraRate).as("out_of_range_rate"));
    out.add(
        when(
                numeric
                    .unary_$bang()
                    .and(col("known_categories_complete"))
                    .and(col("non_missing_count").gt(0)),
                extraRate)
            .as("new_category_rate"));
    out.add(col("row_count"));
    out.add(col("non_missing_count"));
    out.add(col("baseline_id"));
    out.add(col("baseline_row_count"));
    out.add(col("baseline_table"));
    out.add(col("baseline_version"));
    out.add(col("bin_count"));
    out.add(lit(EPSILON).as("epsilon"));
    return perFeatureTotals.select(out.toArray(Column[]::new));
  }

  /** The band of a PSI column, null where the PSI is null. */
  public static Column band(Column psi) {
    return when(psi.geq(PsiBand.SIGNIFICANT.lowerBound()), PsiBand.SIGNIFICANT.name())
        .when(psi.geq(PsiBand.MODERATE.lowerBound()), PsiBand.MODERATE.name())
        .when(psi.isNotNull(), PsiBand.STABLE.name());
  }
}
