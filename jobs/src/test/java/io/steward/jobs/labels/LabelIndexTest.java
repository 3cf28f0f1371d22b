package io.steward.jobs.labels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.common.errors.StewardException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executors' label index, without Spark: what the labels job writes is what a lookup finds,
 * field by field, across several files, for ids sharing the first hash, and for ids it does not
 * hold; a folder holding other than the labels counted is refused.
 */
class LabelIndexTest {
  @TempDir Path dir;

  static final SerializableConf CONF = new SerializableConf(new Configuration());

  /**
   * Label i: groups of three share the first hash (spread over the whole range of 64 bits); a
   * missing value every 7th, NaN every 11th, no time every 5th.
   */
  static List<Row> labels(int n) {
    Random r = new Random(7);
    List<Row> rows = new ArrayList<>();
    long h1 = 0;
    for (int i = 0; i < n; i++) {
      if (i % 3 == 0) {
        h1 = r.nextLong();
      }
      Double label = i % 7 == 0 ? null : i % 11 == 0 ? Double.NaN : i * 0.5 - 3;
      Long time = i % 5 == 0 ? null : 1_770_000_000_000_000L + i;
      rows.add(RowFactory.create(h1, r.nextLong(), label, time, (long) (i % 4 + 1)));
    }
    return rows;
  }

  int write(List<Row> rows, int partition) throws IOException {
    Iterator<Row> out =
        LabelFiles.write(rows.iterator(), dir.toString(), CONF, partition, 100 + partition);
    Row r = out.next();
    return (int) r.getLong(1);
  }

  @Test
  void aLookupFindsEachLabelWrittenAndNothingElse() throws IOException {
    List<Row> all = labels(5000);
    assertEquals(2000, write(all.subList(0, 2000), 0));
    assertEquals(3000, write(all.subList(2000, 5000), 3));
    try (var listing = Files.list(dir)) {
      assertEquals(
          List.of("part-00000.bin", "part-00003.bin"),
          listing
              .map(p -> p.getFileName().toString())
              .filter(f -> f.endsWith(".bin"))
              .sorted()
              .toList(),
          "each partition's file under its final name, no attempt's file left");
    }
    LabelIndex index = LabelIndex.load(dir.toString(), CONF.get(), 5000);
    for (int i = 0; i < all.size(); i++) {
      Row r = all.get(i);
      int at = index.find(r.getLong(0), r.getLong(1));
      assertTrue(at >= 0, "label " + i + " is found");
      if (r.isNullAt(2)) {
        assertNull(index.label(at), "label " + i + " is missing");
      } else if (Double.isNaN(r.getDouble(2))) {
        assertTrue(Double.isNaN(index.label(at)), "label " + i + " is not a number");
      } else {
        assertEquals(r.getDouble(2), index.label(at), 0.0, "label " + i);
      }
      assertEquals(r.isNullAt(3) ? null : r.getLong(3), index.time(at), "time of " + i);
      assertEquals(r.getLong(4), index.copies(at), "copies of " + i);
      // The same first hash with another second hash is another id: not this label.
      assertEquals(-1, index.find(r.getLong(0), r.getLong(1) + 1), "a guard hash that differs");
    }
    assertEquals(-1, index.find(12345L, 678L), "an id without a label");
  }

  static Row row(long h1, long h2, Double label, Long time) {
    return RowFactory.create(h1, h2, label, time, 1L);
  }

  @Test
  void anIdsRowsInAnyFilesMergeIntoItsLatestLabel() throws IOException {
    long t1 = 1_770_000_000_000_000L;
    long t2 = t1 + 5;
    // A and B share the first hash (the same directory entry) but are two ids.
    write(
        List.of(
            row(42L, 1L, 0.3, t1),
            row(42L, 2L, null, null),
            row(7L, 9L, null, t2),
            row(42L, 1L, null, t2)),
        0);
    write(
        List.of(
            row(42L, 2L, Double.NaN, null),
            row(42L, 1L, 0.1, t2),
            row(42L, 2L, 5.0, null),
            row(8L, 1L, null, null),
            row(8L, 1L, null, null)),
        1);
    write(List.of(row(7L, 9L, -2.0, t1), row(42L, 1L, 0.9, t1), row(42L, 1L, -1.0, t2)), 2);
    LabelIndex index = LabelIndex.load(dir.toString(), CONF.get(), 12);
    assertEquals(4, index.size(), "four ids among twelve rows");

    int a = index.find(42L, 1L);
    assertEquals(0.1, index.label(a), 0.0, "the latest time wins, then the largest value");
    assertEquals(t2, index.time(a));
    assertEquals(5, index.copies(a));

    int b = index.find(42L, 2L);
    assertTrue(Double.isNaN(index.label(b)), "without times NaN is above every number");
    assertNull(index.time(b));
    assertEquals(3, index.copies(b));

    int c = index.find(7L, 9L);
    assertNull(index.label(c), "a later missing value wins over an earlier number");
    assertEquals(t2, index.time(c));
    assertEquals(2, index.copies(c));

    int d = index.find(8L, 1L);
    assertNull(index.label(d), "only missing values: missing");
    assertEquals(2, index.copies(d));
    assertEquals(-1, index.find(42L, 3L));
  }

  @Test
  void laterOrdersByTimeThenValueWithMissingLowestAndNanHighest() {
    long missing = LabelFiles.MISSING;
    long nan = Double.doubleToLongBits(Double.NaN);
    long one = Double.doubleToLongBits(1.0);
    long two = Double.doubleToLongBits(2.0);
    assertTrue(LabelIndex.later(5, missing, 4, two), "a later time, whatever the value");
    assertFalse(LabelIndex.later(4, two, 5, missing));
    assertTrue(LabelIndex.later(5, two, 5, one));
    assertTrue(LabelIndex.later(5, one, 5, missing));
    assertFalse(LabelIndex.later(5, missing, 5, one));
    assertTrue(LabelIndex.later(5, nan, 5, two));
    assertFalse(LabelIndex.later(5, two, 5, two), "equal is not later");
    assertFalse(LabelIndex.later(5, missing, 5, missing));
    assertTrue(LabelIndex.later(LabelFiles.NO_TIME, one, LabelFiles.NO_TIME, missing));
  }

  @Test
  void theFilesDecodeToTheRowsWritten() throws IOException {
    List<Row> all = labels(300);
    write(all, 1);
    byte[] content = Files.readAllBytes(dir.resolve("part-00001.bin"));
    assertEquals(300 * LabelFiles.RECORD, content.length);
    List<Row> back = new ArrayList<>();
    LabelFiles.decode(content).forEachRemaining(back::add);
    assertEquals(all.size(), back.size());
    for (int i = 0; i < all.size(); i++) {
      assertEquals(all.get(i).toString(), back.get(i).toString(), "row " + i);
    }
    assertThrows(
        IllegalStateException.class,
        () -> LabelFiles.decode(java.util.Arrays.copyOf(content, content.length - 1)));
  }

  @Test
  void aFolderHoldingOtherThanTheCountIsRefused() throws IOException {
    write(labels(100), 0);
    StewardException e =
        assertThrows(
            StewardException.class, () -> LabelIndex.load(dir.toString(), CONF.get(), 101));
    assertEquals(
        "the labels index at "
            + dir
            + " holds 100 labels where the labels job wrote 101; rerun the night",
        e.getMessage());
  }

  @Test
  void noLabelsIsAnEmptyIndex() throws IOException {
    assertEquals(0, write(List.of(), 0), "an empty partition writes no file");
    try (var listing = Files.list(dir)) {
      assertEquals(0, listing.count());
    }
    LabelIndex index = LabelIndex.load(dir.resolve("none").toString(), CONF.get(), 0);
    assertEquals(-1, index.find(1L, 2L));
  }

  @Test
  void anExecutorLoadsASourceOnceAndKeepsOneRunsIndexes() throws Exception {
    write(labels(50), 0);
    LabelIndexes.Source a = new LabelIndexes.Source("run-a", dir.toString(), 50, CONF);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<LabelIndex>> got = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        got.add(pool.submit(() -> LabelIndexes.of(a)));
      }
      for (Future<LabelIndex> f : got) {
        assertSame(got.get(0).get(), f.get(), "one index for every task that asks");
      }
    } finally {
      pool.shutdown();
    }
    assertEquals(1, LabelIndexes.loaded());
    LabelIndexes.of(new LabelIndexes.Source("run-b", dir.resolve("none").toString(), 0, CONF));
    assertEquals(1, LabelIndexes.loaded(), "a later run's source drops the earlier run's");
    LabelIndexes.release("run-b");
    assertEquals(0, LabelIndexes.loaded());
    LabelIndexes.Source wrong = new LabelIndexes.Source("run-c", dir.toString(), 51, CONF);
    StewardException refused = assertThrows(StewardException.class, () -> LabelIndexes.of(wrong));
    assertTrue(refused.getMessage().endsWith("; rerun the night"), refused.getMessage());
    assertEquals(0, LabelIndexes.loaded(), "a failed load is not kept");
  }

  @Test
  void theIndexTakesAboutThirtyEightBytesALabel() {
    assertEquals(21, LabelIndex.bits(4_000_000), "about two labels per directory entry");
    assertEquals(4_000_000L * 36 + ((1L << 21) + 1) * 4, LabelIndex.bytes(4_000_000));
    assertTrue(LabelIndex.bytes(4_000_000) / 4_000_000.0 < 40);
    assertEquals(0, LabelIndex.bits(1));
    assertArrayEquals(
        new int[] {0, 0, 1, 1},
        new int[] {LabelIndex.bits(0), LabelIndex.bits(2), LabelIndex.bits(3), LabelIndex.bits(4)});
  }
}
