package io.steward.registry.warehouse;

import io.steward.common.errors.Errors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The exclusive write lock of a local warehouse. Delta's commit protocol relies on atomic
 * put-if-absent, which a local file system does not give two processes, so every writing command
 * holds this lock for its whole run. It is an operating-system file lock: the kernel releases it
 * when the holding process ends, however it ends, so a killed run never leaves it stuck. Readers
 * never take it. The lock file also records who holds it, for the message the next writer sees.
 * Warehouses on object stores and HDFS are not locked here: Delta's log store keeps concurrent
 * commits apart on HDFS, ADLS and Cloud Storage, and on S3 only with its DynamoDB log store, so
 * there one writer at a time is the operator's to arrange (the README's "Where it runs").
 */
public final class WarehouseLock implements AutoCloseable {
  public static final String FILE_NAME = ".steward.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private WarehouseLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock or fails at once naming the holder.
   *
   * @param purpose what this process is about to do, shown to a process that finds it held
   * @return the held lock, or a no-op lock for a non-local warehouse
   */
  public static WarehouseLock acquire(Warehouse warehouse, String purpose) {
    if (!warehouse.isLocal() || disabled()) {
      return new WarehouseLock(null, null);
    }
    Path dir = warehouse.localPath();
    Path file = dir.resolve(FILE_NAME);
    FileChannel channel = null;
    try {
      Files.createDirectories(dir);
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        String holder = holder(channel);
        channel.close();
        throw Errors.warehouseLocked(warehouse.root(), holder);
      }
      String me =
          purpose
              + ", pid "
              + ProcessHandle.current().pid()
              + ", user "
              + System.getProperty("user.name")
              + ", since "
              + Instant.now();
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(me.getBytes(StandardCharsets.UTF_8)), 0);
      channel.force(false);
      return new WarehouseLock(channel, lock);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new UncheckedIOException("cannot open the warehouse lock " + file, e);
    }
  }

  /**
   * Runs {@code body} holding the lock, released however the body ends.
   *
   * @return what the body returns
   */
  @SuppressWarnings("try") // the lock is held for the block, never read in it
  public static <T> T holding(Warehouse warehouse, String purpose, Supplier<T> body) {
    try (WarehouseLock lock = acquire(warehouse, purpose)) {
      return body.get();
    }
  }

  /**
   * Whether the lock is switched off ({@code STEWARD_WAREHOUSE_LOCK=off} or the system property
   * {@code steward.warehouse.lock=off}): how two hosts sharing a warehouse, each with its own lock,
   * are reproduced on one. Safety then rests on Delta's commits alone, as it does on object stores.
   */
  public static boolean disabled() {
    String value =
        System.getProperty("steward.warehouse.lock", System.getenv("STEWARD_WAREHOUSE_LOCK"));
    return "off".equalsIgnoreCase(value == null ? "" : value.strip());
  }

  private static String holder(FileChannel channel) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(4096);
    int n = channel.read(buf, 0);
    String text = n <= 0 ? "" : new String(buf.array(), 0, n, StandardCharsets.UTF_8).strip();
    return text.isEmpty() ? "holder unknown" : text;
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // the open failure being reported is the one that matters
      }
    }
  }

  @Override
  public void close() {
    if (channel == null) {
      return;
    }
    try {
      channel.truncate(0);
      lock.release();
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot release the warehouse lock", e);
    }
  }
}
