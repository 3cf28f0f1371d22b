package io.steward.jobs.labels;

import io.steward.common.errors.Errors;
import io.steward.jobs.scan.WindowInputs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The latest labels of one labels table, held off the Java heap by every executor that joins them,
 * built there from files the labels job wrote: the labels never pass through the driver, whose
 * memory therefore does not grow with them (unlike Spark's broadcast, which collects the rows,
 * builds a hash relation and serialises it on the driver: about 270 bytes per label).
 *
 * <p>A label is 36 bytes: the id's two hashes, the value, its time and the number of rows the id
 * had; a directory of 4-byte offsets, one per two labels on average, finds the labels sharing the
 * top bits of the first hash. A lookup reads the directory and about two labels next to each other,
 * and matches an id only when both hashes agree.
 *
 * <p>Built from the {@link LabelFiles} of a source, an id's rows in any files: the load merges them
 * into the id's latest label, so the labels job needs no shuffle. The index is sized by the rows,
 * and holds the ids (a table with many rows per id leaves part of it unused). Each executor keeps
 * the indexes it loaded in {@link LabelIndexes}.
 */
public final class LabelIndex {
  /** Above this many labels a source is joined by a shuffle (a direct buffer holds 2^31 bytes). */
  static final long MAX_LABELS = Integer.MAX_VALUE / 8;

  private final int bits;
  private final IntBuffer directory;
  private final LongBuffer h1;
  private final LongBuffer h2;
  private final LongBuffer label;
  private final LongBuffer time;
  private final IntBuffer copies;

  private LabelIndex(int n) {
    bits = bits(n);
    directory = direct(((1L << bits) + 1) * 4).asIntBuffer();
    h1 = direct(n * 8L).asLongBuffer();
    h2 = direct(n * 8L).asLongBuffer();
    label = direct(n * 8L).asLongBuffer();
    time = direct(n * 8L).asLongBuffer();
    copies = direct(n * 4L).asIntBuffer();
  }

  /** Directory bits for n labels: about two labels per directory entry. */
  static int bits(long n) {
    return n <= 2 ? 0 : 64 - Long.numberOfLeadingZeros(n - 1) - 1;
  }

  /** The off-heap bytes an index of n labels takes on each executor. */
  static long bytes(long n) {
    return n * LabelFiles.RECORD + ((1L << bits(n)) + 1) * 4;
  }

  private static ByteBuffer direct(long bytes) {
    return ByteBuffer.allocateDirect(Math.toIntExact(Math.max(bytes, 8)))
        .order(ByteOrder.nativeOrder());
  }

  private int bucket(long hash) {
    return bits == 0 ? 0 : (int) (hash >>> (64 - bits));
  }

  /** The position of the id's label, or -1 when the index has none for it. */
  int find(long hash1, long hash2) {
    int b = bucket(hash1);
    for (int i = directory.get(b), end = directory.get(b + 1); i < end; i++) {
      if (h1.get(i) == hash1 && h2.get(i) == hash2) {
        return i;
      }
    }
    return -1;
  }

  /** The label at a position: null for a missing value, NaN for a value that is not a number. */
  Double label(int at) {
    return LabelFiles.labelOf(label.get(at));
  }

  /** The label's time in microseconds, or null when the labels have no time. */
  Long time(int at) {
    return LabelFiles.timeOf(time.get(at));
  }

  long copies(int at) {
    return copies.get(at);
  }

  /**
   * Builds the index of a source's files: one pass counts the rows per directory entry, a second
   * places them, and the rows of each id are then merged into its latest label ({@link #merge}).
   * Checks that the files hold the {@code expected} number of rows.
   */
  static LabelIndex load(String dir, Configuration conf, long expected) {
    if (expected > MAX_LABELS) {
      throw new IllegalArgumentException(expected + " labels are more than an index holds");
    }
    int n = (int) expected;
    LabelIndex index = new LabelIndex(n);
    if (n == 0) {
      return index;
    }
    try {
      FileSystem fs = new Path(dir).getFileSystem(conf);
      List<Path> files = LabelFiles.files(fs, new Path(dir));
      IntBuffer d = index.directory;
      long[] seen = {0};
      for (Path f : files) {
        LabelFiles.read(
            fs,
            f,
            (rec, o) -> {
              int b = index.bucket(rec.getLong(o + LabelFiles.H1));
              d.put(b + 1, d.get(b + 1) + 1);
              seen[0]++;
            });
      }
      if (seen[0] != expected) {
        throw Errors.labelIndexIncomplete(dir, seen[0], expected);
      }
      int buckets = 1 << index.bits;
      for (int b = 0; b < buckets; b++) {
        d.put(b + 1, d.get(b + 1) + d.get(b));
      }
      for (Path f : files) {
        LabelFiles.read(
            fs,
            f,
            (rec, o) -> {
              long k1 = rec.getLong(o + LabelFiles.H1);
              int b = index.bucket(k1);
              int at = d.get(b);
              d.put(b, at + 1);
              index.h1.put(at, k1);
              index.h2.put(at, rec.getLong(o + LabelFiles.H2));
              index.label.put(at, rec.getLong(o + LabelFiles.LABEL));
              index.time.put(at, rec.getLong(o + LabelFiles.TIME));
              index.copies.put(at, rec.getInt(o + LabelFiles.COPIES));
            });
      }
      // Each entry now holds the end of its rows, the next one's start: shift them back.
      for (int b = buckets; b > 0; b--) {
        d.put(b, d.get(b - 1));
      }
      d.put(0, 0);
      index.merge();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the labels index at " + dir, e);
    }
    return index;
  }

  /**
   * Merges the rows of each id into one, in place, bucket by bucket: the latest label ({@link
   * #later}) with the copies summed; the directory then points at the merged labels. A bucket holds
   * about two ids whatever the number of rows per id, so this is linear in the rows.
   */
  private void merge() {
    int buckets = 1 << bits;
    int w = 0;
    int from = directory.get(0);
    for (int b = 0; b < buckets; b++) {
      int to = directory.get(b + 1);
      int start = w;
      for (int i = from; i < to; i++) {
        long k1 = h1.get(i);
        long k2 = h2.get(i);
        int same = -1;
        for (int j = start; j < w; j++) {
          if (h1.get(j) == k1 && h2.get(j) == k2) {
            same = j;
            break;
          }
        }
        if (same < 0) {
          h1.put(w, k1);
          h2.put(w, k2);
          label.put(w, label.get(i));
          time.put(w, time.get(i));
          copies.put(w, copies.get(i));
          w++;
          continue;
        }
        long c = (long) copies.get(same) + copies.get(i);
        copies.put(same, (int) Math.min(c, Integer.MAX_VALUE));
        if (later(time.get(i), label.get(i), time.get(same), label.get(same))) {
          label.put(same, label.get(i));
          time.put(same, time.get(i));
        }
      }
      directory.put(b, start);
      from = to;
    }
    directory.put(buckets, w);
  }

  /**
   * Whether a label (its time and value bits) is later than another: by time (no time before any),
   * then by value, a missing value below every number and NaN above (the order of {@link
   * WindowInputs#latest}).
   */
  static boolean later(long time, long value, long thanTime, long thanValue) {
    if (time != thanTime) {
      return time > thanTime;
    }
    if (value == LabelFiles.MISSING || thanValue == LabelFiles.MISSING) {
      return thanValue == LabelFiles.MISSING && value != LabelFiles.MISSING;
    }
    return Double.compare(Double.longBitsToDouble(value), Double.longBitsToDouble(thanValue)) > 0;
  }

  /** How many ids the index holds (its rows merged by id): the directory's last end. */
  int size() {
    return directory.get(1 << bits);
  }
}
