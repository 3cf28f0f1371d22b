package io.steward.registry.store;

import io.steward.common.domain.FeatureType;
import io.steward.common.metrics.drift.FeatureBaseline;
import io.steward.common.metrics.drift.ModelBaseline;
import io.steward.registry.tables.StewardTables;
import io.steward.registry.warehouse.SmallTables;
import io.steward.registry.warehouse.Warehouse;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Reads and writes {@code steward.baselines}: one row per model and feature. Building a model's
 * baseline again replaces its rows in one commit; earlier baselines stay reachable through Delta
 * time travel and each drift row names the baseline_id it was computed against.
 */
public final class BaselineStore {
  private BaselineStore() {}

  /**
   * A stored baseline with the spec it was built from.
   *
   * @param performance the snapshot's performance figures by metric name (empty when the spec names
   *     no baseline label)
   */
  public record Stored(
      String specSha256, ModelBaseline baseline, Map<String, Double> performance) {}

  public static void save(
      SparkSession spark,
      Warehouse warehouse,
      String specSha256,
      ModelBaseline b,
      Map<String, Double> performance,
      String user) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < b.features().size(); i++) {
      FeatureBaseline f = b.features().get(i);
      rows.add(
          RowFactory.create(
              b.modelId(),
              b.baselineId(),
              b.modelVersion(),
              f.feature(),
              f.type().sqlName(),
              i,
              f.edges(),
              f.categories(),
              f.knownCategories(),
              f.expected(),
              f.min(),
              f.max(),
              f.nonMissingCount(),
              b.snapshotTable(),
              b.snapshotVersion(),
              b.rowCount(),
              specSha256,
              Timestamp.from(b.builtAt()),
              user,
              performance.isEmpty() ? null : performance));
    }
    TableWriter.replace(
        warehouse,
        StewardTables.BASELINES,
        spark.createDataFrame(rows, StewardTables.BASELINES.schema()),
        "model_id = " + TableWriter.literal(b.modelId()));
  }

  /** The baselines of the given models that have one, by model id. */
  public static Map<String, Stored> load(
      SparkSession spark, Warehouse warehouse, List<String> modelIds) {
    Map<String, List<Row>> byModel = new LinkedHashMap<>();
    for (Row r :
        SmallTables.rows(spark, warehouse, StewardTables.BASELINES).stream()
            .filter(r -> modelIds.contains(r.<String>getAs("model_id")))
            .sorted(SmallTables.by("model_id", "position"))
            .toList()) {
      byModel.computeIfAbsent(r.getAs("model_id"), k -> new ArrayList<>()).add(r);
    }
    Map<String, Stored> result = new LinkedHashMap<>();
    for (Map.Entry<String, List<Row>> e : byModel.entrySet()) {
      List<FeatureBaseline> features = new ArrayList<>();
      for (Row r : e.getValue()) {
        features.add(
            new FeatureBaseline(
                r.getAs("feature"),
                FeatureType.fromSqlName(r.getAs("feature_type")),
                r.getList(r.fieldIndex("edges")),
                r.getList(r.fieldIndex("categories")),
                r.isNullAt(r.fieldIndex("known_categories"))
                    ? null
                    : r.getList(r.fieldIndex("known_categories")),
                r.getAs("min"),
                r.getAs("max"),
                r.getList(r.fieldIndex("expected")),
                r.<Long>getAs("non_missing_count")));
      }
      Row first = e.getValue().get(0);
      ModelBaseline mb =
          new ModelBaseline(
              first.getAs("baseline_id"),
              e.getKey(),
              first.getAs("model_version"),
              first.getAs("snapshot_table"),
              first.<Long>getAs("snapshot_version"),
              first.<Long>getAs("snapshot_row_count"),
              first.<Timestamp>getAs("built_at").toInstant(),
              features);
      Map<String, Double> performance =
          first.isNullAt(first.fieldIndex("performance"))
              ? Map.of()
              : first.getJavaMap(first.fieldIndex("performance"));
      result.put(e.getKey(), new Stored(first.getAs("spec_sha256"), mb, Map.copyOf(performance)));
    }
    return result;
  }
}
