package io.steward.registry.warehouse;

import io.steward.common.domain.LockWait;
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
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The exclusive write lock of a local warehouse. Delta's commit protocol relies on atomic
 * put-if-absent, which a local file system does not give two processes, so every writing command
 * holds this lock for its whole run. It is an operating-system file lock: the kernel releases it
 * when the holding process ends, however it ends, so a killed run never leaves it stuck. Readers
 * never take it. The lock file also records who holds it and the holder's latest progress line
 * ({@link HolderNote}), for the message the next writer sees; a clean release empties the file, so
 * a writer that finds a note there took the lock over from a process that died holding it ({@link
 * #previousHolder}). Warehouses on object stores and HDFS are not locked here: Delta's log store
 * keeps concurrent commits apart on HDFS, ADLS and Cloud Storage, and on S3 only with its DynamoDB
 * log store, so there one writer at a time is the operator's to arrange (the README's "Where it
 * runs").
 */
public final class WarehouseLock implements AutoCloseable {
  public static final String FILE_NAME = ".steward.lock";

  /** While waiting, the pause between two attempts doubles from the first to the longest. */
  private static final Duration FIRST_PAUSE = Duration.ofMillis(50);

  private static final Duration LONGEST_PAUSE = Duration.ofSeconds(1);

  /** The locks this process holds, by lock file: where {@link #report} writes progress. */
  private static final Map<Path, WarehouseLock> HELD = new ConcurrentHashMap<>();

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;
  private final HolderNote previous;
  private HolderNote note;

  private WarehouseLock(
      Path file, FileChannel channel, FileLock lock, HolderNote previous, HolderNote note) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
    this.previous = previous;
    this.note = note;
  }

  /**
   * Takes the lock or fails at once naming the holder.
   *
   * @param purpose what this process is about to do, shown to a process that finds it held
   * @return the held lock, or a no-op lock for a non-local warehouse
   */
  public static WarehouseLock acquire(Warehouse warehouse, String purpose) {
    return acquire(warehouse, purpose, LockWait.NONE, holder -> {});
  }

  /**
   * Takes the lock, waiting up to {@code wait} for its holder to release it (polling, with pauses
   * of up to a second), then fails naming the holder and the time waited.
   *
   * @param purpose what this process is about to do, shown to a process that finds it held
   * @param waiting told the holder once, when the lock is held and {@code wait} is not zero
   * @return the held lock, or a no-op lock for a non-local warehouse
   */
  public static WarehouseLock acquire(
      Warehouse warehouse, String purpose, LockWait wait, Consumer<String> waiting) {
    if (!warehouse.isLocal() || disabled()) {
      return new WarehouseLock(null, null, null, null, null);
    }
    Path dir = warehouse.localPath();
    Path file = key(warehouse);
    FileChannel channel = null;
    try {
      Files.createDirectories(dir);
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock = tryLock(channel);
      if (lock == null && wait.waits()) {
        waiting.accept(holder(channel));
        lock = poll(channel, wait.limit());
      }
      if (lock == null) {
        String holder = holder(channel);
        channel.close();
        throw wait.waits()
            ? Errors.warehouseStillLocked(warehouse.root(), holder, wait.toString())
            : Errors.warehouseLocked(warehouse.root(), holder);
      }
      HolderNote previous = HolderNote.parse(read(channel)).orElse(null);
      HolderNote note =
          HolderNote.of(
              purpose,
              ProcessHandle.current().pid(),
              System.getProperty("user.name"),
              Identity.host(),
              Instant.now());
      WarehouseLock held = new WarehouseLock(file, channel, lock, previous, note);
      held.write(true);
      HELD.put(file, held);
      return held;
    } catch (IOException e) {
      closeQuietly(channel);
      throw new UncheckedIOException("cannot open the warehouse lock " + file, e);
    } catch (InterruptedException e) {
      closeQuietly(channel);
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "interrupted while waiting for the warehouse lock " + file, e);
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

  /**
   * Records {@code line} as the latest progress of this process in the lock file, when this process
   * holds the warehouse's lock; otherwise does nothing. A process that finds the lock held, or
   * takes it over after this one died, reads it there.
   */
  public static void report(Warehouse warehouse, String line) {
    if (!warehouse.isLocal()) {
      return;
    }
    WarehouseLock held = HELD.get(key(warehouse));
    if (held != null) {
      held.reporting(line);
    }
  }

  /**
   * The note of the process that held the lock before this one and died holding it (it never
   * emptied the lock file); empty when the lock was released cleanly, never taken, or the warehouse
   * is not local.
   */
  public Optional<HolderNote> previousHolder() {
    return Optional.ofNullable(previous);
  }

  private synchronized void reporting(String line) {
    if (!channel.isOpen()) {
      return;
    }
    note = note.reporting(line);
    try {
      write(false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the warehouse lock " + file, e);
    }
  }

  /** Writes the note over the file's text (a reader may see it half written, never empty). */
  private void write(boolean force) throws IOException {
    byte[] text = note.text().getBytes(StandardCharsets.UTF_8);
    channel.write(ByteBuffer.wrap(text), 0);
    channel.truncate(text.length);
    if (force) {
      channel.force(false);
    }
  }

  private static Path key(Warehouse warehouse) {
    return warehouse.localPath().resolve(FILE_NAME).toAbsolutePath().normalize();
  }

  /** The lock, or null when another process (or another channel of this one) holds it. */
  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null;
    }
  }

  /** Tries the lock until it is free or {@code limit} has passed; null when it stayed held. */
  private static FileLock poll(FileChannel channel, Duration limit)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    long pause = FIRST_PAUSE.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return null;
      }
      TimeUnit.NANOSECONDS.sleep(Math.min(pause, left));
      FileLock lock = tryLock(channel);
      if (lock != null) {
        return lock;
      }
      pause = Math.min(pause * 2, LONGEST_PAUSE.toNanos());
    }
  }

  private static String holder(FileChannel channel) throws IOException {
    return HolderNote.parse(read(channel)).map(HolderNote::describe).orElse("holder unknown");
  }

  private static String read(FileChannel channel) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(4096);
    int n = channel.read(buf, 0);
    return n <= 0 ? "" : new String(buf.array(), 0, n, StandardCharsets.UTF_8);
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
  public synchronized void close() {
    if (channel == null) {
      return;
    }
    HELD.remove(file, this);
    try {
      channel.truncate(0);
      lock.release();
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot release the warehouse lock", e);
    }
  }
}
