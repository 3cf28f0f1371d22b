package io.steward.registry.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.steward.registry.tables.StewardTables;
import io.steward.registry.testing.TestSpark;
import io.steward.registry.warehouse.Warehouse;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dossier's drift chart reads, per DAY night and version of one model, the feature with the
 * largest PSI, that PSI and its band; other models, WEEK windows and features without a PSI are
 * left out.
 */
class WorstDriftTest {
  @TempDir Path dir;

  private static Row row(String model, String version, String day, String g, String f, Double psi) {
    Timestamp start = Timestamp.valueOf(day + " 00:00:00");
    return RowFactory.create(
        "run",
        model,
        version,
        start,
        new Timestamp(start.getTime() + 86_400_000L),
        g,
        f,
        "numeric",
        psi,
        psi == null ? null : psi >= 0.25 ? "SIGNIFICANT" : psi >= 0.1 ? "MODERATE" : "STABLE",
        0.0,
        0.0,
        null,
        10L,
        10L,
        "b",
        "t",
        1L,
        100L,
        10,
        1e-4,
        start);
  }

  @Test
  void theWorstFeatureOfEachNightAndVersion() {
    SparkSession spark = TestSpark.get();
    Warehouse w = new Warehouse(dir.toString());
    List<Row> rows = new ArrayList<>();
    rows.add(row("m", "v1", "2026-03-02", "DAY", "a", 0.05));
    rows.add(row("m", "v1", "2026-03-02", "DAY", "b", 0.30));
    rows.add(row("m", "v1", "2026-03-02", "DAY", "c", null));
    rows.add(row("m", "v2", "2026-03-02", "DAY", "a", 0.12));
    rows.add(row("m", "v1", "2026-03-01", "DAY", "a", 0.01));
    rows.add(row("m", "v1", "2026-02-23", "WEEK", "a", 0.90));
    rows.add(row("other", "v1", "2026-03-02", "DAY", "a", 0.99));
    spark
        .createDataFrame(rows, StewardTables.FEATURE_DRIFT.schema())
        .write()
        .format("delta")
        .save(w.location(StewardTables.FEATURE_DRIFT));
    assertEquals(
        List.of(
            "v1 2026-03-01 a 0.01 STABLE",
            "v1 2026-03-02 b 0.3 SIGNIFICANT",
            "v2 2026-03-02 a 0.12 MODERATE"),
        ResultsStore.worstDriftByNight(spark, w, "m").stream()
            .map(
                d ->
                    d.version()
                        + " "
                        + d.night()
                        + " "
                        + d.feature()
                        + " "
                        + d.psi()
                        + " "
                        + d.band())
            .toList());
  }
}
