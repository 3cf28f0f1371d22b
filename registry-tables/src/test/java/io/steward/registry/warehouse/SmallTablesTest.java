package io.steward.registry.warehouse;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createMapType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.common.errors.StewardException;
import io.steward.registry.tables.StewardTables;
import io.steward.registry.tables.TableDef;
import io.steward.registry.testing.TestSpark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Delta Kernel's reading of a small table gives the rows Spark's reader gives, value for value, for
 * every column type the steward tables use; rows deleted by a later commit (files rewritten, or
 * marked in deletion vectors) are gone; a missing table is null or the warehouse error.
 */
class SmallTablesTest {
  @TempDir Path dir;

  private static final StructType INPUT =
      new StructType()
          .add("table", StringType, false)
          .add("delta_version", LongType, true)
          .add("role", StringType, true);

  private static final TableDef EVERY_TYPE =
      new TableDef(
          "every_type",
          "a column of each type the steward tables use",
          new StructType()
              .add("id", StringType, false)
              .add("n", LongType, true)
              .add("i", IntegerType, true)
              .add("x", DoubleType, true)
              .add("flag", BooleanType, true)
              .add("at", TimestampType, true)
              .add("day", DateType, true)
              .add("names", createArrayType(StringType, true), true)
              .add("figures", createMapType(StringType, DoubleType, true), true)
              .add("inputs", createArrayType(INPUT, false), true),
          Map.of());

  private static Row row(String id, boolean nulls) {
    if (nulls) {
      return RowFactory.create(id, null, null, null, null, null, null, null, null, null);
    }
    return RowFactory.create(
        id,
        9_007_199_254_740_993L,
        -7,
        0.1 + 0.2,
        true,
        Timestamp.valueOf("2026-03-02 23:59:59.123456"),
        Date.valueOf("2026-02-28"),
        CollectionConverters.asScala(List.of("a", "b")).toList(),
        scala.collection.immutable.Map.from(
            CollectionConverters.asScala(Map.of("auc", 0.81, "f1", 0.5))),
        CollectionConverters.asScala(
                List.of(
                    RowFactory.create("logs", 3L, "scores"), RowFactory.create("l", null, null)))
            .toList());
  }

  @Test
  void kernelGivesTheRowsSparkGivesForEveryType() {
    SparkSession spark = TestSpark.get();
    Warehouse w = new Warehouse(dir.toString());
    String path = w.location(EVERY_TYPE);
    spark
        .createDataFrame(List.of(row("a", false), row("b", true)), EVERY_TYPE.schema())
        .write()
        .format("delta")
        .save(path);
    spark
        .createDataFrame(List.of(row("c", false)), EVERY_TYPE.schema())
        .write()
        .format("delta")
        .mode("append")
        .save(path);

    List<Row> kernel = sorted(SmallTables.rows(spark, w, EVERY_TYPE));
    List<Row> viaSpark = sorted(spark.read().format("delta").load(path).collectAsList());
    assertEquals(3, kernel.size());
    assertEquals(viaSpark.toString(), kernel.toString());
    for (int i = 0; i < kernel.size(); i++) {
      assertEquals(viaSpark.get(i), kernel.get(i), "row " + i);
    }
    Row a = kernel.get(0);
    assertEquals(List.of("a", "b"), a.getList(a.fieldIndex("names")));
    assertEquals(0.81, a.<String, Double>getJavaMap(a.fieldIndex("figures")).get("auc"));
    assertEquals("scores", a.<Row>getList(a.fieldIndex("inputs")).get(0).<String>getAs("role"));
    assertEquals(Timestamp.valueOf("2026-03-02 23:59:59.123456"), a.getAs("at"));
  }

  @Test
  void rowsRemovedByLaterCommitsAreGoneWithOrWithoutDeletionVectors() {
    SparkSession spark = TestSpark.get();
    Warehouse w = new Warehouse(dir.toString());
    for (boolean dv : new boolean[] {false, true}) {
      TableDef t =
          new TableDef(
              "removals_" + dv,
              "rows replaced and deleted",
              new StructType().add("id", StringType, false).add("i", IntegerType, true),
              Map.of());
      String path = w.location(t);
      spark.sql(
          "CREATE TABLE delta.`"
              + path
              + "` ("
              + t.schema().toDDL()
              + ") USING delta TBLPROPERTIES ('delta.enableDeletionVectors' = '"
              + dv
              + "')");
      spark
          .createDataFrame(
              List.of(
                  RowFactory.create("a", 1), RowFactory.create("b", 2), RowFactory.create("c", 3)),
              t.schema())
          .coalesce(1)
          .write()
          .format("delta")
          .mode("append")
          .save(path);
      spark.sql("DELETE FROM delta.`" + path + "` WHERE id = 'b'");
      assertEquals(dv, logMentions(path, "\"deletionVector\":{"), "a deletion vector, dv " + dv);
      spark
          .createDataFrame(List.of(RowFactory.create("c", -7)), t.schema())
          .write()
          .format("delta")
          .mode("overwrite")
          .option("replaceWhere", "id = 'c'")
          .save(path);
      List<Row> rows = sorted(SmallTables.rows(spark, w, t));
      assertEquals(
          List.of("a", "c"), rows.stream().map(r -> r.<String>getAs("id")).toList(), "dv " + dv);
      assertEquals(-7, rows.get(1).<Integer>getAs("i"), "the replaced c, dv " + dv);
      assertEquals(
          sorted(spark.read().format("delta").load(path).collectAsList()), rows, "dv " + dv);
    }
  }

  @Test
  void aMissingTableIsNullOrTheWarehouseError() {
    SparkSession spark = TestSpark.get();
    Warehouse w = new Warehouse(dir.toString());
    assertNull(SmallTables.rowsIfExists(spark, w, StewardTables.MODELS));
    StewardException e =
        assertThrows(
            StewardException.class, () -> SmallTables.rows(spark, w, StewardTables.MODELS));
    assertTrue(
        e.getMessage().endsWith("run: steward init --warehouse " + w.root()), e.getMessage());
  }

  @Test
  void ordersLikeOrderByWithNullsFirst() {
    StructType s = new StructType().add("k", StringType, true).add("n", LongType, true);
    List<Row> rows =
        List.of(
            new org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema(
                new Object[] {"b", 1L}, s),
            new org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema(
                new Object[] {null, 5L}, s),
            new org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema(
                new Object[] {"a", 2L}, s),
            new org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema(
                new Object[] {"a", null}, s));
    assertEquals(
        "[[null,5], [a,null], [a,2], [b,1]]",
        rows.stream().sorted(SmallTables.by("k", "n")).toList().toString());
  }

  private static boolean logMentions(String table, String text) {
    try (Stream<Path> commits = Files.list(Path.of(table, "_delta_log"))) {
      for (Path c : commits.filter(p -> p.toString().endsWith(".json")).toList()) {
        if (Files.readString(c).contains(text)) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Row> sorted(List<Row> rows) {
    return rows.stream().sorted(Comparator.comparing(r -> r.<String>getAs("id"))).toList();
  }
}
