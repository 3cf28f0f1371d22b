package io.steward.jobs.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM's memory beside the heap: the peak of its direct buffers (sampled every {@link
 * #EVERY_MS} ms, a cheap read of the JVM's buffer pool that does not slow the run) and the peak
 * resident set of the process ({@code VmHWM} of {@code /proc/self/status}, which the kernel keeps).
 * {@link #stop} ends the sampling with a last sample (it may be called more than once).
 */
final class ProcessMemory {
  static final long EVERY_MS = 100;

  private final BufferPoolMXBean direct = directPool();
  private final ScheduledExecutorService sampler = sampler("steward-bench-direct");
  private long directPeak;

  private ProcessMemory() {}

  /** The JVM's pool of direct buffers, or null when it has none. */
  static BufferPoolMXBean directPool() {
    return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
        .filter(b -> b.getName().equals("direct"))
        .findFirst()
        .orElse(null);
  }

  /**
   * A one-thread scheduler on a daemon thread of that name, for a sampler that must not stop exit.
   */
  static ScheduledExecutorService sampler(String threadName) {
    return Executors.newSingleThreadScheduledExecutor(
        r -> {
          Thread t = new Thread(r, threadName);
          t.setDaemon(true);
          return t;
        });
  }

  /** Samples the direct buffers from now until {@link #stop}. */
  static ProcessMemory watch() {
    ProcessMemory m = new ProcessMemory();
    m.sample();
    m.sampler.scheduleWithFixedDelay(m::sample, EVERY_MS, EVERY_MS, TimeUnit.MILLISECONDS);
    return m;
  }

  private synchronized void sample() {
    if (direct != null) {
      directPeak = Math.max(directPeak, direct.getMemoryUsed());
    }
  }

  /** The peak of direct buffers so far, in MB (-1 where the JVM has no such pool). */
  synchronized long directPeakMb() {
    return direct == null ? -1 : directPeak / (1024 * 1024);
  }

  /** The process's peak resident set in MB, or -1 where there is no /proc (not Linux). */
  static long rssPeakMb() {
    Path status = Path.of("/proc/self/status");
    if (!Files.isReadable(status)) {
      return -1;
    }
    try {
      return vmHwmMb(Files.readString(status));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + status, e);
    }
  }

  /** The VmHWM line of a /proc status ("VmHWM: 2202724 kB") in MB; -1 without one. */
  static long vmHwmMb(String status) {
    for (String line : status.split("\n")) {
      if (line.startsWith("VmHWM:")) {
        String[] f = line.substring(6).trim().split("\\s+");
        if (f.length != 2 || !f[1].equals("kB")) {
          throw new IllegalArgumentException("a VmHWM line not in kB: " + line);
        }
        return Long.parseLong(f[0]) / 1024;
      }
    }
    return -1;
  }

  void stop() {
    sampler.shutdownNow();
    sample();
  }
}
