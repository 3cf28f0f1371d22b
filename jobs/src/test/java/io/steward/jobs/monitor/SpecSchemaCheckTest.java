package io.steward.jobs.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.steward.common.errors.StewardException;
import io.steward.common.spec.MonitorSpec;
import io.steward.common.spec.MonitorSpecParser;
import io.steward.common.testing.Specs;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class SpecSchemaCheckTest {
  private final MonitorSpec spec = MonitorSpecParser.parse("s.yaml", Specs.VALID);

  private static StructType log() {
    return new StructType()
        .add("event_ts", DataTypes.TimestampType)
        .add("model_id", DataTypes.StringType)
        .add("model_version", DataTypes.StringType)
        .add("prediction_id", DataTypes.StringType)
        .add("score", DataTypes.DoubleType)
        .add("decision", DataTypes.IntegerType)
        .add("income", DataTypes.createDecimalType(12, 2))
        .add("utilization", DataTypes.FloatType)
        .add("region", DataTypes.StringType)
        .add("gender", DataTypes.StringType);
  }

  @Test
  void acceptsMatchingSchema() {
    SpecSchemaCheck.checkPredictions(spec, log());
  }

  @Test
  void missingColumnListsTheColumnsThere() {
    StructType s = new StructType();
    for (var f : log().fields()) {
      if (!f.name().equals("utilization")) {
        s = s.add(f);
      }
    }
    StructType schema = s;
    StewardException e =
        assertThrows(StewardException.class, () -> SpecSchemaCheck.checkPredictions(spec, schema));
    assertEquals(
        "column 'utilization' (spec key 'features.numeric') does not exist in delta.`/data/log`;"
            + " use one of: event_ts, model_id, model_version, prediction_id, score, decision,"
            + " income, region, gender",
        e.getMessage());
  }

  @Test
  void numericFeatureThatIsAString() {
    StructType schema = new StructType();
    for (var f : log().fields()) {
      schema =
          schema.add(f.name(), f.name().equals("income") ? DataTypes.StringType : f.dataType());
    }
    StructType s = schema;
    StewardException e =
        assertThrows(StewardException.class, () -> SpecSchemaCheck.checkPredictions(spec, s));
    assertEquals(
        "column 'income' of delta.`/data/log` (spec key 'features.numeric') has type string but"
            + " must be numeric (integer, decimal, float or double); point the spec at a numeric"
            + " (integer, decimal, float or double) column or cast it upstream",
        e.getMessage());
  }
}
