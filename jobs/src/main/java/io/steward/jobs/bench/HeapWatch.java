package io.steward.jobs.bench;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * The peak live heap of a run: every {@link #EVERY} a class histogram of the live objects (the
 * JVM's own GC.class_histogram, which first runs a full collection and then counts what survived),
 * the largest total kept, with the classes that filled it and when. What survives a full collection
 * is what the run holds (its tables, maps and buffers); the heap in use at other times also counts
 * garbage not yet collected, which tracks the allocation rate rather than what grows with the rows,
 * and reading the heap in use after a collection also counts what the running tasks allocated
 * since. The collections cost the sampled run some time, which is why the timed run is not sampled.
 * The direct (off-heap) buffers are read at the same moments.
 *
 * <p>The JVM skips the histogram's collection while a thread is inside a JNI critical region (the
 * "GC locker": Parquet's Snappy decompression, checksums) and then counts the garbage too: such
 * histograms were the 1 to 1.9 GB "spikes" of earlier runs (a skipped one counted 1403 MB where the
 * collected ones around it counted 451). So a histogram counts only when a full collection ran
 * during it; otherwise it is taken again, up to {@link #TRIES} times, and if none collected the
 * sample is dropped and counted ({@link #skipped}).
 */
final class HeapWatch implements AutoCloseable {
  static final Duration EVERY = Duration.ofSeconds(2);
  static final int TRIES = 5;

  /** The collectors that run full collections (not the young-generation ones). */
  private static final List<GarbageCollectorMXBean> FULL =
      ManagementFactory.getGarbageCollectorMXBeans().stream()
          .filter(g -> g.getName().matches("(?i).*(old|marksweep|full|major|compact).*"))
          .toList();

  private final Supplier<Live> source;
  private int samples;
  private int retaken;
  private int skipped;

  private final long started = System.nanoTime();
  private long peak;
  private double peakAt;
  private String peakClasses = "";
  private long direct;
  private final BufferPoolMXBean directPool = ProcessMemory.directPool();
  private final ScheduledExecutorService sampler = ProcessMemory.sampler("steward-bench-heap");

  private HeapWatch(Supplier<Live> source) {
    this.source = source;
  }

  /** Samples this JVM's live heap from now until {@link #close}. */
  static HeapWatch start() {
    HeapWatch w = of(HeapWatch::live);
    w.sample();
    w.sampler.scheduleWithFixedDelay(
        w::sample, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
    return w;
  }

  /** A watch of {@code source} that samples only when {@link #sample} is called (for tests). */
  static HeapWatch of(Supplier<Live> source) {
    return new HeapWatch(source);
  }

  /** Takes one sample (the sampler's thread calls it, and {@link #close}). */
  synchronized void sample() {
    samples++;
    Live live = source.get();
    if (!live.collected()) {
      retaken++;
    }
    for (int i = 1; i < TRIES && !live.collected(); i++) {
      live = source.get();
    }
    if (!live.collected()) {
      skipped++;
    } else if (live.bytes() > peak) {
      peak = live.bytes();
      peakAt = (System.nanoTime() - started) / 1e9;
      peakClasses = live.top();
    }
    if (directPool != null) {
      direct = Math.max(direct, directPool.getMemoryUsed());
    }
  }

  /**
   * The heap's bytes and its largest classes ("[B 318 MB, [J 50 MB, ..."), and whether a full
   * collection ran first (when not, garbage is counted too).
   */
  record Live(long bytes, String top, boolean collected) {}

  /** This JVM's live heap, from a class histogram taken after a full collection. */
  static Live live() {
    String histogram;
    long before = fullCollections();
    try {
      histogram =
          (String)
              ManagementFactory.getPlatformMBeanServer()
                  .invoke(
                      new ObjectName("com.sun.management:type=DiagnosticCommand"),
                      "gcClassHistogram",
                      new Object[] {new String[0]},
                      new String[] {String[].class.getName()});
    } catch (JMException e) {
      // Without the JVM's diagnostic commands: a full collection, then the heap in use.
      System.gc();
      return new Live(
          ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
          "",
          FULL.isEmpty() || fullCollections() > before);
    }
    return parse(histogram, FULL.isEmpty() || fullCollections() > before);
  }

  /** Whether this JVM has a collector known to run full collections (else none is checked). */
  static boolean checksCollections() {
    return !FULL.isEmpty();
  }

  /** Full collections so far (0 where no collector is known to run them). */
  private static long fullCollections() {
    long n = 0;
    for (GarbageCollectorMXBean g : FULL) {
      n += Math.max(0, g.getCollectionCount());
    }
    return n;
  }

  /**
   * Reads a GC.class_histogram: its total bytes and its three largest classes; {@code collected}
   * says whether its full collection ran (the text does not).
   */
  static Live parse(String histogram, boolean collected) {
    long total = -1;
    List<String> top = new ArrayList<>();
    for (String line : histogram.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 3 && f[0].equals("Total")) {
        total = Long.parseLong(f[2]);
      } else if (f.length >= 4 && f[0].endsWith(":") && top.size() < 3) {
        top.add(f[3] + " " + Long.parseLong(f[2]) / (1024 * 1024) + " MB");
      }
    }
    if (total < 0) {
      throw new IllegalStateException("a class histogram without its total: " + histogram);
    }
    return new Live(total, String.join(", ", top), collected);
  }

  /** Stops sampling, with a last sample. */
  @Override
  public void close() {
    sampler.shutdownNow();
    try {
      sampler.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sample();
  }

  /** When the peak was sampled and what filled it: "at 12.3 s: [B 318 MB, [J 50 MB, [I 30 MB". */
  synchronized String peakWhere() {
    return String.format(Locale.ROOT, "at %.1f s: %s", peakAt, peakClasses);
  }

  synchronized long peakMb() {
    return peak / (1024 * 1024);
  }

  synchronized long directPeakMb() {
    return direct / (1024 * 1024);
  }

  /** Samples dropped because no try of theirs ran a full collection. */
  synchronized int skipped() {
    return skipped;
  }

  /** "25 heap samples, 3 taken again (...), 0 dropped". */
  synchronized String samples() {
    return String.format(
        Locale.ROOT,
        "%d heap samples, %d taken again (the first histogram ran no full collection: the GC"
            + " locker was held), %d dropped (none of %d tries collected)",
        samples,
        retaken,
        skipped,
        TRIES);
  }
}
