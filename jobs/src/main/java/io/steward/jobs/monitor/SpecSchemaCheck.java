package io.steward.jobs.monitor;

import io.steward.common.errors.Errors;
import io.steward.common.spec.MonitorSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Checks a spec against the schemas of the tables it names: every declared column exists and has a
 * type the metrics can use. Pure: the caller reads the schemas.
 */
public final class SpecSchemaCheck {
  private SpecSchemaCheck() {}

  /** Checks the prediction log's schema. */
  public static void checkPredictions(MonitorSpec spec, StructType schema) {
    MonitorSpec.Predictions p = spec.predictions();
    String table = p.table().sql();
    require(table, schema, "predictions.timestamp", p.timestamp(), Kind.TIME);
    require(table, schema, "predictions.model_id", p.modelIdColumn(), Kind.ANY);
    require(table, schema, "predictions.model_version", p.modelVersion(), Kind.ANY);
    require(table, schema, "predictions.prediction_id", p.predictionId(), Kind.ANY);
    require(table, schema, "predictions.score", p.score(), Kind.NUMERIC);
    require(table, schema, "predictions.prediction", p.prediction(), Kind.ANY);
    require(table, schema, "predictions.label", p.label(), Kind.ANY);
    require(table, schema, "predictions.latency_ms", p.latencyMs(), Kind.NUMERIC);
    require(table, schema, "predictions.status", p.status(), Kind.ANY);
    require(table, schema, "predictions.source", p.source(), Kind.ANY);
    checkFeatures(spec, table, schema);
    for (String c : spec.slices().protectedAttributes()) {
      require(table, schema, "slices.protected", c, Kind.CATEGORY);
    }
    for (String c : spec.slices().other()) {
      require(table, schema, "slices.other", c, Kind.CATEGORY);
    }
  }

  /** Checks the late labels table's schema. */
  public static void checkLabels(MonitorSpec spec, StructType schema) {
    MonitorSpec.Labels l = spec.labels().orElseThrow();
    String table = l.table().sql();
    require(table, schema, "labels.prediction_id", l.predictionId(), Kind.ANY);
    require(table, schema, "labels.label", l.label(), Kind.ANY);
    require(table, schema, "labels.timestamp", l.timestamp(), Kind.TIME);
  }

  /** Checks the training snapshot's schema. */
  public static void checkBaseline(MonitorSpec spec, StructType schema) {
    String table = spec.baseline().table().sql();
    checkFeatures(spec, table, schema);
    require(table, schema, "baseline.label", spec.baseline().label(), Kind.ANY);
    require(table, schema, "baseline.score", spec.baseline().score(), Kind.NUMERIC);
  }

  private static void checkFeatures(MonitorSpec spec, String table, StructType schema) {
    for (String c : spec.features().numeric()) {
      require(table, schema, "features.numeric", c, Kind.NUMERIC);
    }
    for (String c : spec.features().categorical()) {
      require(table, schema, "features.categorical", c, Kind.CATEGORY);
    }
  }

  private enum Kind {
    ANY("any type"),
    NUMERIC("numeric (integer, decimal, float or double)"),
    CATEGORY("a string, integer or boolean"),
    TIME("a timestamp or date");

    final String description;

    Kind(String description) {
      this.description = description;
    }

    boolean accepts(DataType t) {
      return switch (this) {
        case ANY -> true;
        case NUMERIC -> t instanceof NumericType;
        case CATEGORY ->
            t instanceof StringType
                || t instanceof BooleanType
                || (t instanceof NumericType && !isFractional(t));
        case TIME ->
            t instanceof TimestampType || t instanceof TimestampNTZType || t instanceof DateType;
      };
    }

    private static boolean isFractional(DataType t) {
      String n = t.typeName();
      return n.equals("float") || n.equals("double") || n.startsWith("decimal");
    }
  }

  private static void require(
      String table, StructType schema, String key, String column, Kind kind) {
    if (column == null) {
      return;
    }
    Optional<StructField> field =
        Arrays.stream(schema.fields()).filter(f -> f.name().equalsIgnoreCase(column)).findFirst();
    if (field.isEmpty()) {
      List<String> names = Arrays.asList(schema.fieldNames());
      throw Errors.columnMissing(table, column, key, names);
    }
    DataType type = field.get().dataType();
    if (!kind.accepts(type)) {
      throw Errors.columnWrongType(table, column, key, type.simpleString(), kind.description);
    }
  }
}
