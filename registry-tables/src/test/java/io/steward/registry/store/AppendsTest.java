package io.steward.registry.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.common.spec.TableRef;
import io.steward.registry.testing.TestSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppendsTest {
  @TempDir Path dir;

  private static final StructType SCHEMA =
      new StructType().add("pid", DataTypes.StringType).add("label", DataTypes.IntegerType);

  private static void write(String path, String mode, String... pids) {
    List<Row> rows = new ArrayList<>();
    for (String p : pids) {
      rows.add(RowFactory.create(p, 1));
    }
    TestSpark.get()
        .createDataFrame(rows, SCHEMA)
        .repartition(2)
        .write()
        .format("delta")
        .mode(mode)
        .save(path);
  }

  /** The names of the files that hold these rows, as Spark's reader names them. */
  private static Set<String> filesOf(String path, String where) {
    Set<String> out = new TreeSet<>();
    TestSpark.get()
        .sql("SELECT DISTINCT _metadata.file_name FROM delta.`" + path + "` WHERE " + where)
        .collectAsList()
        .forEach(r -> out.add(r.getString(0)));
    return out;
  }

  @Test
  void appendsSinceAVersionAreTheFilesThatHoldTheNewRows() {
    String path = dir.resolve("labels").toString();
    write(path, "overwrite", "a", "b", "c");
    write(path, "append", "d", "e");
    write(path, "append", "f");
    TableRef t = TableRef.ofPath(path);

    Optional<Appends.Files> files = Appends.files(TestSpark.get(), t, 0, 2);
    assertTrue(files.isPresent());
    assertEquals(filesOf(path, "pid IN ('d', 'e', 'f')"), new TreeSet<>(files.get().names()));
    assertTrue(files.get().plain(), "no partitions, no column mapping");
    // The paths open as plain Parquet and hold exactly the appended rows.
    List<String> pids =
        TestSpark.get()
            .read()
            .parquet(files.get().paths().toArray(String[]::new))
            .orderBy("pid")
            .collectAsList()
            .stream()
            .map(r -> r.getString(0))
            .toList();
    assertEquals(List.of("d", "e", "f"), pids);

    assertEquals(
        filesOf(path, "pid = 'f'"),
        new TreeSet<>(Appends.files(TestSpark.get(), t, 1, 2).orElseThrow().names()));
    assertEquals(List.of(), Appends.files(TestSpark.get(), t, 2, 2).orElseThrow().names());
    assertFalse(Appends.files(TestSpark.get(), t, 2, 1).isPresent(), "a version gone back");
  }

  @Test
  void anythingButAnAppendMeansNoAnswer() {
    SparkSession spark = TestSpark.get();
    String path = dir.resolve("changed").toString();
    write(path, "overwrite", "a", "b", "c");
    spark.sql("UPDATE delta.`" + path + "` SET label = 0 WHERE pid = 'b'");
    write(path, "append", "d");
    TableRef t = TableRef.ofPath(path);
    assertFalse(Appends.files(spark, t, 0, 2).isPresent(), "an update removes a file");
    assertTrue(Appends.files(spark, t, 1, 2).isPresent(), "after the update, an append");

    String overwritten = dir.resolve("overwritten").toString();
    write(overwritten, "overwrite", "a");
    write(overwritten, "overwrite", "b");
    assertFalse(Appends.files(spark, TableRef.ofPath(overwritten), 0, 1).isPresent());

    String partitioned = dir.resolve("partitioned").toString();
    spark
        .createDataFrame(List.of(RowFactory.create("a", 1)), SCHEMA)
        .write()
        .format("delta")
        .partitionBy("label")
        .save(partitioned);
    spark
        .createDataFrame(List.of(RowFactory.create("b", 2)), SCHEMA)
        .write()
        .format("delta")
        .mode("append")
        .partitionBy("label")
        .save(partitioned);
    Appends.Files p = Appends.files(spark, TableRef.ofPath(partitioned), 0, 1).orElseThrow();
    assertFalse(p.plain(), "a partition column is not in the files");
    assertEquals(filesOf(partitioned, "pid = 'b'"), new TreeSet<>(p.names()));

    assertFalse(
        Appends.files(spark, TableRef.ofPath(dir.resolve("none").toString()), 0, 1).isPresent(),
        "no table");
  }

  @Test
  void namesAndPathsWithSpacesAndEncodedCharacters() {
    SparkSession spark = TestSpark.get();
    StructType schema =
        new StructType().add("pid", DataTypes.StringType).add("team", DataTypes.StringType);
    String path = dir.resolve("with space").resolve("labels").toString();
    spark
        .createDataFrame(List.of(RowFactory.create("a", "x y")), schema)
        .write()
        .format("delta")
        .partitionBy("team")
        .save(path);
    spark
        .createDataFrame(
            List.of(RowFactory.create("b", "p%q"), RowFactory.create("c", "x y")), schema)
        .write()
        .format("delta")
        .mode("append")
        .partitionBy("team")
        .save(path);
    Appends.Files files = Appends.files(spark, TableRef.ofPath(path), 0, 1).orElseThrow();
    assertEquals(filesOf(path, "pid IN ('b', 'c')"), new TreeSet<>(files.names()));
    // The paths open as they are: the files hold exactly the appended rows.
    assertEquals(2, spark.read().parquet(files.paths().toArray(String[]::new)).count());

    String plain = dir.resolve("plain space").toString();
    write(plain, "overwrite", "a");
    write(plain, "append", "b", "c");
    Appends.Files p = Appends.files(spark, TableRef.ofPath(plain), 0, 1).orElseThrow();
    assertTrue(p.plain());
    assertEquals(
        List.of("b", "c"),
        spark
            .read()
            .parquet(p.paths().toArray(String[]::new))
            .orderBy("pid")
            .collectAsList()
            .stream()
            .map(r -> r.getString(0))
            .toList());
  }
}
