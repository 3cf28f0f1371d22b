package io.steward.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.steward.common.testing.Specs;
import io.steward.registry.testing.TestSpark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Writes small Delta tables for the end-to-end tests, among them an initialised warehouse: {@link
 * #initialisedWarehouse} copies one that {@code admin} initialised once per test JVM, so a test
 * class pays a file copy instead of the 37 Spark jobs of {@code init}. Everything runs on the
 * driver of the shared test session.
 */
public final class TestData {
  /** The user who initialised {@link #initialisedWarehouse}: its first PLATFORM_ADMIN. */
  public static final String ADMIN = "admin";

  private static Path template;

  private TestData() {}

  /**
   * Copies into {@code wh} (a directory that does not exist yet) the warehouse {@link #ADMIN}
   * initialised once per test JVM; returns {@code wh} as a string, for the command line. Tests
   * whose subject is {@code init} itself run it instead (PrincipalsTest).
   */
  public static String initialisedWarehouse(Path wh) {
    copyTree(template(), wh);
    return wh.toString();
  }

  private static synchronized Path template() {
    if (template == null) {
      try {
        Path t = Files.createTempDirectory("steward-initialised-warehouse");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(t)));
        Cli.Run init = Cli.runAs(ADMIN, t.toString(), "init");
        assertEquals(0, init.code(), init.toString());
        template = t;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return template;
  }

  /** Copies the files under {@code from} to the same places under {@code to}. */
  public static void copyTree(Path from, Path to) {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes {@code root} and everything under it. */
  public static void deleteTree(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A baseline snapshot: a numeric and a categorical feature and a score. */
  public static final StructType SNAPSHOT =
      new StructType()
          .add("x", DataTypes.DoubleType)
          .add("region", DataTypes.StringType)
          .add("score", DataTypes.DoubleType);

  /** A prediction log of the features of {@link #SNAPSHOT}. */
  public static final StructType LOG =
      new StructType()
          .add("event_ts", DataTypes.TimestampType)
          .add("model_id", DataTypes.StringType)
          .add("model_version", DataTypes.StringType)
          .add("prediction_id", DataTypes.StringType)
          .add("score", DataTypes.DoubleType)
          .add("decision", DataTypes.IntegerType)
          .add("x", DataTypes.DoubleType)
          .add("region", DataTypes.StringType);

  /** One row of {@link #LOG}; the decision is the score at or over 0.5. */
  public static Row logRow(
      String at, String model, String version, String id, double score, double x, String region) {
    return RowFactory.create(ts(at), model, version, id, score, score >= 0.5 ? 1 : 0, x, region);
  }

  public static void writeDelta(String path, List<Row> rows, StructType schema, String mode) {
    TestSpark.get()
        .createDataFrame(rows, schema)
        .coalesce(1)
        .write()
        .format("delta")
        .mode(mode)
        .save(path);
  }

  public static Timestamp ts(String instant) {
    return Timestamp.from(Instant.parse(instant));
  }

  /**
   * The spec of a binary model over the end-to-end tests' prediction log ({@link #LOG}: {@code x}
   * numeric, {@code region} categorical) and a baseline snapshot.
   */
  public static Specs.Builder spec(String model, String log, String snapshot) {
    return Specs.binary(model)
        .predictions(Specs.delta(log))
        .column("prediction", "decision")
        .numeric("x")
        .categorical("region")
        .baseline(Specs.delta(snapshot));
  }
}
