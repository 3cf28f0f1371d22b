package io.steward.jobs.labels;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The labels index files: {@code part-NNNNN.bin} per partition of the labels job, each a run of
 * 36-byte records (big-endian h1, h2, label bits, label time in microseconds, copies), one per row
 * of the labels table as read, an id's rows in any files. Executors write them ({@link #write}),
 * read them into a {@link LabelIndex} ({@link #read}) or decode them into rows for the shuffle join
 * ({@link #decode}).
 */
final class LabelFiles {
  private LabelFiles() {}

  /** The bytes of a record. */
  static final int RECORD = 36;

  /** Where a record's fields are, in the order {@link #write} puts them. */
  static final int H1 = 0, H2 = 8, LABEL = 16, TIME = 24, COPIES = 32;

  /** The label bits of a missing value (a NaN no arithmetic produces). */
  static final long MISSING = 0x7ff4_0000_5ead_0001L;

  /** The time of a label without one. */
  static final long NO_TIME = Long.MIN_VALUE;

  private static final long NAN = Double.doubleToLongBits(Double.NaN);

  private static final int CHUNK = RECORD * 8192;

  /** A label's value from its bits: null for a missing value. */
  static Double labelOf(long bits) {
    return bits == MISSING ? null : Double.longBitsToDouble(bits);
  }

  /** A label's time from its microseconds: null for no time. */
  static Long timeOf(long micros) {
    return micros == NO_TIME ? null : micros;
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

  interface RecordSink {
    /** The record at {@code offset} of {@code chunk}. */
    void accept(ByteBuffer chunk, int offset);
  }

  /** The index files of a source's folder, in name order. */
  static List<Path> files(FileSystem fs, Path dir) throws IOException {
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

  /** Hands every record of an index file to {@code sink}, a chunk at a time. */
  static void read(FileSystem fs, Path file, RecordSink sink) throws IOException {
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
}
