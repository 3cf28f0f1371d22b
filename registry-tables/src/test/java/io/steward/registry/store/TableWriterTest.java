package io.steward.registry.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.registry.tables.TableDef;
import io.steward.registry.testing.TestSpark;
import io.steward.registry.warehouse.Warehouse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableWriterTest {
  @TempDir Path dir;

  private static final StructType SCHEMA =
      new StructType().add("night", DataTypes.IntegerType).add("value", DataTypes.StringType);

  private static TableDef table(String name) {
    return new TableDef(name, "test table", SCHEMA, Map.of());
  }

  private static Dataset<Row> rows(int night, String... values) {
    List<Row> rows = new java.util.ArrayList<>();
    for (String v : values) {
      rows.add(RowFactory.create(night, v));
    }
    return TestSpark.get().createDataFrame(rows, SCHEMA);
  }

  private static List<String> values(Warehouse w, TableDef t) {
    return TableWriter.read(TestSpark.get(), w, t)
        .orderBy("night", "value")
        .collectAsList()
        .stream()
        .map(r -> r.getInt(0) + ":" + r.getString(1))
        .toList();
  }

  /** Tables a and b, each holding night 1 (a1, b1). */
  private static List<TableDef> twoTables(Warehouse w) {
    TableDef a = table("a");
    TableDef b = table("b");
    TableWriter.append(w, a, rows(1, "a1"));
    TableWriter.append(w, b, rows(1, "b1"));
    return List.of(a, b);
  }

  @Test
  void replaceAllReplacesEachTablesNightInItsOwnCommit() {
    SparkSession spark = TestSpark.get();
    Warehouse w = new Warehouse(dir.toString());
    List<TableDef> ab = twoTables(w);
    TableDef a = ab.get(0);
    TableDef b = ab.get(1);
    Map<TableDef, Dataset<Row>> writes = new LinkedHashMap<>();
    writes.put(a, rows(2, "a2", "a2'"));
    writes.put(b, rows(2, "b2"));
    TableWriter.replaceAll(w, writes, "night = 2");
    // A rerun of the night replaces it: no duplicates, the other night untouched.
    writes.put(a, rows(2, "a2 again"));
    TableWriter.replaceAll(w, writes, "night = 2");
    assertEquals(List.of("1:a1", "2:a2 again"), values(w, a));
    assertEquals(List.of("1:b1", "2:b2"), values(w, b));
    assertEquals(
        3L,
        spark.sql("DESCRIBE HISTORY delta.`" + w.location(a) + "`").count(),
        "one append and two replacements");
  }

  @Test
  void aFailedWriteIsRethrownAfterTheOthersEnd() {
    Warehouse w = new Warehouse(dir.toString());
    List<TableDef> ab = twoTables(w);
    TableDef a = ab.get(0);
    TableDef b = ab.get(1);
    Map<TableDef, Dataset<Row>> writes = new LinkedHashMap<>();
    // Rows of night 3 do not match the predicate, which Delta refuses.
    writes.put(a, rows(3, "a3"));
    writes.put(b, rows(2, "b2"));
    RuntimeException e =
        assertThrows(RuntimeException.class, () -> TableWriter.replaceAll(w, writes, "night = 2"));
    assertTrue(String.valueOf(e.getMessage()).contains("night"), e.toString());
    assertEquals(List.of("1:a1"), values(w, a), "the failed table is untouched");
    assertEquals(List.of("1:b1", "2:b2"), values(w, b), "the other write completed");
  }
}
