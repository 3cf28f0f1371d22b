package io.steward.jobs.labels;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.common.errors.StewardException;
import io.steward.common.spec.MonitorSpec;
import io.steward.registry.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The labels join on the prediction id's hashes: every log row gets exactly its own id's latest
 * label (or none), with its copies and time, whether the labels are indexed on the executors or
 * joined by a shuffle, and when some ids share the first hash. Distinct ids sharing a 64-bit hash
 * are too rare to meet, so the tests shorten the key to 3 bits (8 values for 300 ids).
 */
class LabelJoinTest {
  static final StructType LOG = new StructType().add("prediction_id", DataTypes.StringType);
  static final StructType LABELS =
      new StructType()
          .add("prediction_id", DataTypes.StringType)
          .add("outcome", DataTypes.StringType)
          .add("labeled_at", DataTypes.TimestampType);
  static final MonitorSpec.Labels SPEC =
      new MonitorSpec.Labels(null, "prediction_id", "outcome", "labeled_at");
  static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");

  @AfterEach
  void defaults() {
    TestSpark.get().conf().unset(LabelSettings.BROADCAST_SETTING);
  }

  static Dataset<Row> log() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      rows.add(RowFactory.create("p" + i));
    }
    return TestSpark.get().createDataFrame(rows, LOG);
  }

  /**
   * Labels of the ids {@code labelled}: "1" for even ids, "0" for odd; ids divisible by 10 also
   * have an older "0" row (two copies, the newer wins); id 7's value is not a number, id 9's is
   * missing.
   */
  static Dataset<Row> labels(IntPredicate labelled) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      if (!labelled.test(i)) {
        continue;
      }
      String value = i == 7 ? "yes" : i == 9 ? null : i % 2 == 0 ? "1" : "0";
      rows.add(RowFactory.create("p" + i, value, Timestamp.from(T0.plusSeconds(600 + i))));
      if (i % 10 == 0) {
        rows.add(RowFactory.create("p" + i, "0", Timestamp.from(T0.plusSeconds(60))));
      }
    }
    return TestSpark.get().createDataFrame(rows, LABELS);
  }

  /**
   * What each id is joined to: {label (null, NaN or 0/1), copies, label time}, for ids with a
   * labels row; whether the labels were indexed on the executors (else joined by a shuffle).
   */
  record Joined(Map<String, Object[]> byId, boolean indexed) {}

  @TempDir static Path tmp;

  static Joined join(Dataset<Row> labels) {
    return join(labels, LabelKey.FULL);
  }

  /**
   * Joins with ids keyed by {@code key}: a narrow key makes distinct ids share their first hash.
   */
  static Joined join(Dataset<Row> labels, LabelKey key) {
    String scratch = tmp.resolve("run-" + java.util.UUID.randomUUID()).toString();
    Map<String, Object[]> byId = new HashMap<>();
    boolean indexed;
    try (LabelSources sources = new LabelSources(key)) {
      int j = sources.add("labels", labels, SPEC, T0);
      sources.prepare(TestSpark.get(), scratch);
      LabelSource source = sources.get(j);
      indexed = source.indexed();
      List<Row> rows =
          LabelJoin.join(log(), "prediction_id", source, 0)
              .select(
                  col("prediction_id"),
                  col("lok_0"),
                  when(LabelJoin.hasLabel(0), col("lab_0")).as("label"),
                  when(col("lok_0"), col("copies_0")).as("copies"),
                  when(col("lok_0"), col("lts_0")).as("lts"))
              .collectAsList();
      assertEquals(300, rows.size(), "one row per log row, whatever the key");
      for (Row r : rows) {
        if (r.getBoolean(1)) {
          byId.put(r.getString(0), new Object[] {r.get(2), r.get(3), r.get(4)});
        } else {
          assertTrue(r.isNullAt(3) && r.isNullAt(4), r + ": no label, no copies or time");
        }
      }
    }
    assertFalse(Files.exists(Path.of(scratch)), "the label files are removed with the sources");
    assertEquals(0, LabelIndexes.loaded(), "and the executors' index is dropped");
    return new Joined(byId, indexed);
  }

  static void assertJoined(IntPredicate labelled, Joined joined) {
    int expected = 0;
    for (int i = 0; i < 300; i++) {
      String id = "p" + i;
      if (!labelled.test(i)) {
        assertFalse(joined.byId().containsKey(id), id + " has no label");
        continue;
      }
      expected++;
      Object[] got = joined.byId().get(id);
      assertTrue(got != null, id + " has a label");
      if (i == 9) {
        assertEquals(null, got[0], "a missing value is no label");
      } else if (i == 7) {
        assertTrue(Double.isNaN((Double) got[0]), "a value that is not a number is NaN");
      } else {
        assertEquals(i % 2 == 0 ? 1.0 : 0.0, (Double) got[0], 0.0, id);
      }
      assertEquals(i % 10 == 0 ? 2L : 1L, got[1], id + " copies");
      assertEquals(
          java.time.temporal.ChronoUnit.MICROS.between(Instant.EPOCH, T0.plusSeconds(600 + i)),
          got[2],
          id + " label time (the newest row's)");
    }
    assertEquals(expected, joined.byId().size());
  }

  @Test
  void eachRowGetsItsOwnIdsLatestLabel() {
    IntPredicate labelled = i -> i < 100;
    Joined joined = join(labels(labelled));
    assertTrue(joined.indexed(), "100 labels are indexed on the executors");
    assertJoined(labelled, joined);
  }

  @Test
  void idsSharingTheFirstHashAreJoinedByBoth() {
    LabelKey threeBits = new LabelKey(3);
    IntPredicate labelled = i -> i < 100;
    assertJoined(labelled, join(labels(labelled), threeBits));
    TestSpark.get().conf().set(LabelSettings.BROADCAST_SETTING, "0");
    Joined shuffled = join(labels(labelled), threeBits);
    assertFalse(shuffled.indexed());
    assertJoined(labelled, shuffled);
  }

  @Test
  void logIdsSharingALabelsKeyAreNotGivenItsLabel() {
    // One labelled id: no ids of the labels share a key, but about 37 of the log's 300 share its.
    IntPredicate labelled = i -> i == 20;
    assertJoined(labelled, join(labels(labelled), new LabelKey(3)));
  }

  @Test
  void labelsAboveTheBroadcastLimitAreJoinedTheSame() {
    TestSpark.get().conf().set(LabelSettings.BROADCAST_SETTING, "109");
    IntPredicate labelled = i -> i < 100;
    Joined joined = join(labels(labelled));
    assertFalse(joined.indexed(), "110 label rows (100 ids) are more than 109");
    assertJoined(labelled, joined);
    TestSpark.get().conf().set(LabelSettings.BROADCAST_SETTING, "110");
    assertTrue(join(labels(labelled)).indexed());
  }

  /**
   * Ids with one to four rows in any order, times that tie and values that are missing or not
   * numbers: the index (merging an id's rows as it loads them) and the shuffle (Spark's
   * aggregation) give every id the same label, time and copies.
   */
  @Test
  void anIdsManyRowsMergeTheSameOnBothPaths() {
    java.util.Random r = new java.util.Random(11);
    String[] values = {"1", "0", "yes", null, "0.5"};
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      for (int c = 1 + r.nextInt(4); c > 0; c--) {
        rows.add(
            RowFactory.create(
                "p" + i,
                values[r.nextInt(values.length)],
                Timestamp.from(T0.plusSeconds(600 + 100 * r.nextInt(2)))));
      }
    }
    java.util.Collections.shuffle(rows, r);
    Dataset<Row> labels = TestSpark.get().createDataFrame(rows, LABELS).repartition(3);
    Joined indexed = join(labels);
    assertTrue(indexed.indexed());
    TestSpark.get().conf().set(LabelSettings.BROADCAST_SETTING, "0");
    Joined shuffled = join(labels);
    assertFalse(shuffled.indexed());
    assertEquals(200, indexed.byId().size());
    long copies = 0;
    for (int i = 0; i < 300; i++) {
      String id = "p" + i;
      Object[] a = indexed.byId().get(id);
      Object[] b = shuffled.byId().get(id);
      assertEquals(
          a == null ? null : java.util.Arrays.asList(a).toString(),
          b == null ? null : java.util.Arrays.asList(b).toString(),
          id);
      copies += a == null ? 0 : (Long) a[1];
    }
    assertEquals(rows.size(), copies, "every row counted once as a copy");
  }

  @Test
  void aBroadcastLimitThatIsNotACountIsRefused() {
    TestSpark.get().conf().set(LabelSettings.BROADCAST_SETTING, "lots");
    StewardException e = assertThrows(StewardException.class, () -> join(labels(i -> i < 10)));
    assertTrue(e.getMessage().contains(LabelSettings.BROADCAST_SETTING), e.getMessage());
  }
}
