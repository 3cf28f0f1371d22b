package io.steward.jobs.labels;

import io.steward.jobs.scan.WindowInputs;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

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
 * <p>Files: {@code part-NNNNN.bin} per partition of the labels job, each a run of 36-byte records
 * (big-endian h1, h2, label bits, label time in microseconds, copies), one per row of the labels
 * table as read, an id's rows in any files: the load merges them into the id's latest label, so the
 * labels job needs no shuffle. The index is sized by the rows, and holds the ids (a table with many
 * rows per id leaves part of it unused). An executor loads a source once (the first task to need
 * it; tasks needing another source load that one meanwhile) and keeps it until a task of another
 * run loads a source, or the run {@linkplain #release releases} it.
 */
public final class LabelIndex {
  static final int RECORD = 36;

  /** Where a record's fields are, in the order {@link #write} puts them. */
  private static final int H1 = 0, H2 = 8, LABEL = 16, TIME = 24, COPIES = 32;

  /** The label bits of a missing value (a NaN no arithmetic produces). */
  static final long MISSING = 0x7ff4_0000_5ead_0001L;

  /** The time of a label without one. */
  static final long NO_TIME = Long.MIN_VALUE;

  private static final long NAN = Double.doubleToLongBits(Double.NaN);

  /** Above this many labels a source is joined by a shuffle (a direct buffer holds 2^31 bytes). */
  static final long MAX_LABELS = Integer.MAX_VALUE / 8;

  private static final int CHUNK = RECORD * 8192;

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
    return n * RECORD + ((1L << bits(n)) + 1) * 4;
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
    return labelOf(label.get(at));
  }

  private static Double labelOf(long bits) {
    return bits == MISSING ? null : Double.longBitsToDouble(bits);
  }

  /** The label's time in microseconds, or null when the labels have no time. */
  Long time(int at) {
    return timeOf(time.get(at));
  }

  private static Long timeOf(long micros) {
    return micros == NO_TIME ? null : micros;
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
      List<Path> files = files(fs, new Path(dir));
      IntBuffer d = index.directory;
      long[] seen = {0};
      for (Path f : files) {
        read(
            fs,
            f,
            (rec, o) -> {
              int b = index.bucket(rec.getLong(o + H1));
              d.put(b + 1, d.get(b + 1) + 1);
              seen[0]++;
            });
      }
      if (seen[0] != expected) {
        throw new IllegalStateException(
            "the labels index at "
                + dir
                + " holds "
                + seen[0]
                + " labels where the labels job wrote "
                + expected
                + "; rerun the night");
      }
      int buckets = 1 << index.bits;
      for (int b = 0; b < buckets; b++) {
        d.put(b + 1, d.get(b + 1) + d.get(b));
      }
      for (Path f : files) {
        read(
            fs,
            f,
            (rec, o) -> {
              long k1 = rec.getLong(o + H1);
              int b = index.bucket(k1);
              int at = d.get(b);
              d.put(b, at + 1);
              index.h1.put(at, k1);
              index.h2.put(at, rec.getLong(o + H2));
              index.label.put(at, rec.getLong(o + LABEL));
              index.time.put(at, rec.getLong(o + TIME));
              index.copies.put(at, rec.getInt(o + COPIES));
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
    if (value == MISSING || thanValue == MISSING) {
      return thanValue == MISSING && value != MISSING;
    }
    return Double.compare(Double.longBitsToDouble(value), Double.longBitsToDouble(thanValue)) > 0;
  }

  /** How many ids the index holds (its rows merged by id): the directory's last end. */
  int size() {
    return directory.get(1 << bits);
  }

  private interface RecordSink {
    /** The record at {@code offset} of {@code chunk}. */
    void accept(ByteBuffer chunk, int offset);
  }

  private static List<Path> files(FileSystem fs, Path dir) throws IOException {
    List<Path> files = new ArrayList<>();
    for (FileStatus s : fs.listStatus(dir)) {
      String name = s.getPath().getName();
      if (name.startsWith("part-") && name.endsWith(".bin")) {
        files.add(s.getPath());
      }
    }
    Collections.sort(files);
    return files;
  }

  private static void read(FileSystem fs, Path file, RecordSink sink) throws IOException {
    byte[] chunk = new byte[CHUNK];
    try (DataInputStream in = new DataInputStream(fs.open(file, 1 << 20))) {
      while (true) {
        int got = in.readNBytes(chunk, 0, CHUNK);
        if (got % RECORD != 0) {
          throw new IOException(file + " ends inside a label record");
        }
        ByteBuffer all = ByteBuffer.wrap(chunk, 0, got);
        for (int at = 0; at < got; at += RECORD) {
          sink.accept(all, at);
        }
        if (got < CHUNK) {
          return;
        }
      }
    }
  }

  /**
   * The schema of the label rows the index files hold, and of the latest labels a shuffle joins.
   */
  static final StructType LATEST =
      new StructType()
          .add("h1", DataTypes.LongType, false)
          .add("h2", DataTypes.LongType, false)
          .add("label", DataTypes.DoubleType)
          .add("lts", DataTypes.LongType)
          .add("copies", DataTypes.LongType, false);

  /** What a task of the labels job wrote: one row per partition. */
  static final StructType WRITTEN =
      new StructType().add("file", DataTypes.StringType).add("labels", DataTypes.LongType);

  /**
   * Writes one partition of label rows (rows of {@link #LATEST}) as {@code part-NNNNN.bin} under a
   * source's folder. The file is written under a name of its own attempt and then renamed, so that
   * a retried or speculative task never leaves half a file under the final name.
   */
  static Iterator<Row> write(Iterator<Row> rows, String dir, SerializableConf conf)
      throws IOException {
    TaskContext task = TaskContext.get();
    return write(rows, dir, conf, task.partitionId(), task.taskAttemptId());
  }

  /** {@link #write} for a given partition and attempt. */
  static Iterator<Row> write(
      Iterator<Row> rows, String dir, SerializableConf conf, int partition, long attempt)
      throws IOException {
    if (!rows.hasNext()) {
      return List.of(RowFactory.create(null, 0L)).iterator();
    }
    Path done = new Path(dir, String.format("part-%05d.bin", partition));
    Path tmp = new Path(dir, String.format("_part-%05d-%d.tmp", partition, attempt));
    FileSystem fs = done.getFileSystem(conf.get());
    long n = 0;
    ByteBuffer buf = ByteBuffer.allocate(CHUNK);
    try (OutputStream out = fs.create(tmp, true)) {
      while (rows.hasNext()) {
        Row r = rows.next();
        buf.putLong(r.getLong(0)).putLong(r.getLong(1));
        buf.putLong(r.isNullAt(2) ? MISSING : bitsOf(r.getDouble(2)));
        buf.putLong(r.isNullAt(3) ? NO_TIME : r.getLong(3));
        buf.putInt((int) Math.min(r.getLong(4), Integer.MAX_VALUE));
        n++;
        if (!buf.hasRemaining()) {
          out.write(buf.array(), 0, buf.position());
          buf.clear();
        }
      }
      out.write(buf.array(), 0, buf.position());
    }
    fs.delete(done, false);
    if (!fs.rename(tmp, done)) {
      throw new IOException("cannot rename " + tmp + " to " + done);
    }
    return List.of(RowFactory.create(done.getName(), n)).iterator();
  }

  private static long bitsOf(double v) {
    return Double.isNaN(v) ? NAN : Double.doubleToRawLongBits(v);
  }

  /** Decodes one index file's bytes into rows of {@link #LATEST} (for the shuffle join). */
  static Iterator<Row> decode(byte[] content) {
    if (content.length % RECORD != 0) {
      throw new IllegalStateException("a labels index file ends inside a label record");
    }
    ByteBuffer all = ByteBuffer.wrap(content);
    List<Row> rows = new ArrayList<>(content.length / RECORD);
    for (int o = 0; o < content.length; o += RECORD) {
      rows.add(
          RowFactory.create(
              all.getLong(o + H1),
              all.getLong(o + H2),
              labelOf(all.getLong(o + LABEL)),
              timeOf(all.getLong(o + TIME)),
              (long) all.getInt(o + COPIES)));
    }
    return rows.iterator();
  }

  /** Where a source's files are, how many label rows they hold and how to reach them. */
  record Source(String run, String dir, long labels, SerializableConf conf)
      implements Serializable {}

  private static final Map<String, Loaded> LOADED = new ConcurrentHashMap<>();

  /** A source's index, loaded once: the first task to ask runs the load, the others wait for it. */
  private record Loaded(String run, FutureTask<LabelIndex> index) {}

  /** The executor's index of a source, loaded by the first task that asks. */
  static LabelIndex of(Source s) {
    Loaded l = LOADED.get(s.dir());
    if (l == null) {
      // One run's indexes at a time: those of an earlier run are dropped (tasks still holding
      // one keep it alive until they finish; the memory is the garbage collector's to free).
      LOADED.values().removeIf(x -> !x.run().equals(s.run()));
      l =
          LOADED.computeIfAbsent(
              s.dir(),
              d ->
                  new Loaded(s.run(), new FutureTask<>(() -> load(d, s.conf().get(), s.labels()))));
    }
    l.index().run();
    try {
      return l.index().get();
    } catch (ExecutionException e) {
      LOADED.remove(s.dir(), l);
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("cannot load the labels index at " + s.dir(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted loading the labels index at " + s.dir(), e);
    }
  }

  /** Drops a run's indexes from this JVM (the driver's, which are the executors' in local mode). */
  static void release(String run) {
    LOADED.values().removeIf(x -> x.run().equals(run));
  }

  /** How many indexes this JVM holds (for tests). */
  static int loaded() {
    return LOADED.size();
  }

  /** The position of the id's label in the executor's index, -1 when it has none. */
  static final class Find implements UDF2<Long, Long, Integer> {
    private static final long serialVersionUID = 1L;

    private final Source source;
    private transient LabelIndex index;

    Find(Source source) {
      this.source = source;
    }

    @Override
    public Integer call(Long hash1, Long hash2) {
      if (index == null) {
        index = of(source);
      }
      return index.find(hash1, hash2);
    }
  }

  /** A field of the label at a position found by {@link Find} (null for -1). */
  static final class Field implements UDF1<Integer, Object> {
    private static final long serialVersionUID = 1L;

    enum Which {
      LABEL,
      TIME,
      COPIES
    }

    private final Source source;
    private final Which which;
    private transient LabelIndex index;

    Field(Source source, Which which) {
      this.source = source;
      this.which = which;
    }

    @Override
    public Object call(Integer at) {
      if (at == null || at < 0) {
        return null;
      }
      if (index == null) {
        index = of(source);
      }
      return switch (which) {
        case LABEL -> index.label(at);
        case TIME -> index.time(at);
        case COPIES -> index.copies(at);
      };
    }
  }

  /**
   * A Hadoop configuration that tasks can be sent (Configuration is a Writable, not Serializable).
   */
  static final class SerializableConf implements Serializable {
    private static final long serialVersionUID = 1L;

    private transient Configuration conf;

    SerializableConf(Configuration conf) {
      this.conf = conf;
    }

    Configuration get() {
      return conf;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
      out.defaultWriteObject();
      conf.write(out);
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      in.defaultReadObject();
      conf = new Configuration(false);
      conf.readFields(in);
    }
  }
}
