package io.steward.registry.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.registry.testing.TestSpark;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmallDataSessionTest {
  @TempDir Path dir;

  private static final String QUERY =
      "SELECT k, sum(v) AS s, max(name) AS n FROM (SELECT id % 3 AS k, id * 2 AS v,"
          + " concat('n', id) AS name FROM range(0, 1000)) GROUP BY k ORDER BY k";

  @Test
  void compilesNothingKeepsTheParentsSettingsAndAnswersTheSame() {
    // The tests' own session evaluates interpreted (see TestSpark); a parent that compiles, as
    // the launcher's does, is made here.
    SparkSession spark = TestSpark.get().newSession();
    spark.conf().set("spark.sql.codegen.wholeStage", "true");
    spark.conf().set("spark.sql.codegen.factoryMode", "FALLBACK");
    spark.conf().set("spark.steward.test.smallData", "first");
    SparkSession small = StewardSpark.smallData(spark);
    assertNotSame(spark, small);
    assertSame(spark.sparkContext(), small.sparkContext());
    assertEquals("NO_CODEGEN", small.conf().get("spark.sql.codegen.factoryMode"));
    assertEquals("false", small.conf().get("spark.sql.codegen.wholeStage"));
    assertEquals("first", small.conf().get("spark.steward.test.smallData"));
    // The parent is left as it was.
    assertEquals("true", spark.conf().get("spark.sql.codegen.wholeStage"));

    // A setting changed on the parent later reaches the same small session.
    spark.conf().set("spark.steward.test.smallData", "second");
    assertSame(small, StewardSpark.smallData(spark));
    assertEquals("second", small.conf().get("spark.steward.test.smallData"));

    // No whole-stage code in its plans ("*(n)" marks a compiled stage), and the same answer as the
    // compiled parent.
    Dataset<Row> interpreted = small.sql(QUERY);
    Dataset<Row> compiled = spark.sql(QUERY);
    List<Row> rows = interpreted.collectAsList();
    assertEquals(compiled.collectAsList(), rows);
    String plan = interpreted.queryExecution().executedPlan().toString();
    assertFalse(plan.contains("*("), plan);
    assertTrue(compiled.queryExecution().executedPlan().toString().contains("*("));
    assertEquals(3, rows.size());
    // k = 0: ids 0, 3, ..., 999, so the sum of 2 * id is 6 * (0 + 1 + ... + 333).
    assertEquals(6L * (333 * 334 / 2), rows.get(0).getLong(1));
  }

  @Test
  void writesAndReadsDeltaTablesOfTheSharedCatalog() {
    SparkSession spark = TestSpark.get();
    SparkSession small = StewardSpark.smallData(spark);
    String path = dir.resolve("t").toString();
    small.sql(QUERY).write().format("delta").save(path);
    assertEquals(
        spark.sql(QUERY).collectAsList(),
        spark.read().format("delta").load(path).orderBy("k").collectAsList());
    spark.sql("CREATE DATABASE IF NOT EXISTS small_data_test");
    spark.sql("CREATE TABLE small_data_test.t USING DELTA LOCATION '" + path + "'");
    assertEquals(3L, small.table("small_data_test.t").count());
    spark.sql("DROP TABLE small_data_test.t");
  }
}
