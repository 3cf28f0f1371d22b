package io.steward.registry.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.steward.registry.tables.StewardTables;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

/** An event's rows survive their trip through JSON exactly, whatever the registry's types hold. */
class RowJsonTest {
  private static final Timestamp MICROS =
      Timestamp.from(Instant.parse("2026-12-07T21:03:04.123456Z"));

  @Test
  void aVersionRowWithMapsNullsAndMicrosecondsComesBackEqual() {
    Row row =
        RowFactory.create(
            "credit \"limit\"",
            "v1",
            "PRODUCTION",
            "delta.`/x`",
            42L,
            scala(Map.of("depth", "6", "café", "ü\n")),
            scala(
                Map.of(
                    "auc", 0.8123456789012345, "nan", Double.NaN, "inf", Double.NEGATIVE_INFINITY)),
            null,
            "dev",
            null,
            null,
            null,
            MICROS,
            MICROS);
    Row back = roundTrip(row, StewardTables.MODEL_VERSIONS);
    assertEquals("credit \"limit\"", back.getString(0));
    assertEquals(42L, back.getLong(4));
    assertEquals(Map.of("depth", "6", "café", "ü\n"), back.getJavaMap(5));
    Map<String, Double> metrics = back.getJavaMap(6);
    assertEquals(0.8123456789012345, metrics.get("auc"));
    assertEquals(Double.NaN, metrics.get("nan"));
    assertEquals(Double.NEGATIVE_INFINITY, metrics.get("inf"));
    assertEquals(null, back.get(7));
    assertEquals(MICROS, back.get(12));
    // Encoding the decoded row gives the same JSON: nothing drifts on a second trip.
    assertEquals(
        RowJson.encode(row, StewardTables.MODEL_VERSIONS.schema()),
        RowJson.encode(back, StewardTables.MODEL_VERSIONS.schema()));
  }

  @Test
  void anAlertRowWithDatesIntegersBooleansAndAnArrayComesBackEqual() {
    Object[] values = new Object[StewardTables.ALERTS.schema().fields().length];
    values[0] = "a1";
    values[1] = "m";
    values[3] = "psi";
    values[4] = "feature x";
    values[5] = "OPEN";
    values[6] = "HIGH";
    values[7] = Date.valueOf("2026-03-01");
    values[8] = Date.valueOf("2026-03-04");
    values[9] = Date.valueOf("2026-03-02");
    values[11] = 3;
    values[12] = 0.31;
    values[15] = true;
    values[17] = List.of("night 2026-03-01", "night 2026-03-02");
    values[18] = "run";
    values[19] = MICROS;
    values[25] = 0;
    Row back = roundTrip(RowFactory.create(values), StewardTables.ALERTS);
    assertEquals(Date.valueOf("2026-03-04"), back.getDate(8));
    assertEquals(3, back.getInt(11));
    assertEquals(true, back.getBoolean(15));
    assertEquals(List.of("night 2026-03-01", "night 2026-03-02"), back.getList(17));
    assertEquals(null, back.get(10));
  }

  @Test
  void effectsKeepTheirTableKeyAndRow() {
    Row grant = RowFactory.create("ana", "OWNER", true, "admin", MICROS, null, null);
    Effect e = new Effect(StewardTables.PRINCIPALS, List.of("user", "role"), grant);
    List<Effect> back = Effect.fromJson(Effect.toJson(List.of(e)));
    assertEquals(1, back.size());
    assertEquals(StewardTables.PRINCIPALS, back.get(0).table());
    assertEquals(List.of("user", "role"), back.get(0).key());
    assertEquals("(`user` = 'ana' AND `role` = 'OWNER')", back.get(0).predicate());
    assertEquals(MICROS, back.get(0).row().get(4));
    assertEquals(null, Effect.toJson(List.of()));
    assertEquals(List.of(), Effect.fromJson(null));
  }

  private static Row roundTrip(Row row, io.steward.registry.tables.TableDef table) {
    return RowJson.decode(RowJson.encode(row, table.schema()), table.schema());
  }

  private static <K, V> scala.collection.immutable.Map<K, V> scala(Map<K, V> m) {
    return scala.collection.immutable.Map.from(CollectionConverters.asScala(m));
  }
}
