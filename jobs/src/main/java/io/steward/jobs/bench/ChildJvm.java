package io.steward.jobs.bench;

import io.steward.jobs.cli.StewardCli;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A child JVM of the bench: the same java, class path and JVM options as this JVM (its {@code
 * --add-opens}, collector, time zone, class-data archive), read from {@link ProcessHandle} and the
 * runtime's input arguments rather than written down twice, with the heap set to the production
 * heap ({@code -Xmx} of {@code scripts/steward}) and {@code steward bench run-one} as its command.
 * Its stdout and stderr go to a log file; the parent reads the result line from it.
 */
final class ChildJvm {
  private ChildJvm() {}

  private static final Pattern HEAP = Pattern.compile("([1-9][0-9]*)([mMgG])");

  /** What a child did: its exit code (-1 when it was stopped at its time limit) and its log. */
  record Exit(int code, Path log) {
    /** The child's result line, if it printed one. */
    ChildResult result() {
      try {
        for (String line : Files.readAllLines(log)) {
          if (line.startsWith(ChildResult.PREFIX + " ")) {
            return ChildResult.parse(line);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the bench child's log " + log, e);
      }
      return null;
    }

    /** The log's last lines, for a message. */
    String tail() {
      try {
        List<String> lines = Files.readAllLines(log);
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
      } catch (IOException e) {
        return "(log unreadable: " + e.getMessage() + ")";
      }
    }
  }

  /** A heap size as -Xmx takes it ("4g", "1536m") in MB; null when it is not one. */
  static Long heapMb(String size) {
    Matcher m = HEAP.matcher(size == null ? "" : size);
    if (!m.matches()) {
      return null;
    }
    long n = Long.parseLong(m.group(1));
    return m.group(2).equalsIgnoreCase("g") ? n * 1024 : n;
  }

  /**
   * This JVM's options a child keeps: all but the heap's size and the writing of a class-data
   * archive (the launcher's first run after a build writes one; a child must not).
   */
  static List<String> inherited(List<String> options) {
    List<String> kept = new ArrayList<>();
    for (String o : options) {
      if (o.startsWith("-Xmx")
          || o.startsWith("-Xms")
          || o.startsWith("-XX:MaxHeapSize=")
          || o.startsWith("-XX:InitialHeapSize=")
          || o.startsWith("-XX:ArchiveClassesAtExit")
          || o.startsWith("-agentlib:jdwp")) {
        continue;
      }
      kept.add(o);
    }
    return kept;
  }

  /** The command line of a child running {@code steward args...} with a heap of {@code heapMb}. */
  static List<String> command(long heapMb, List<String> args) {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.addAll(inherited(ManagementFactory.getRuntimeMXBean().getInputArguments()));
    cmd.add(String.format(Locale.ROOT, "-Xmx%dm", heapMb));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(StewardCli.class.getName());
    cmd.addAll(args);
    return cmd;
  }

  /** Runs a child to its end (or stops it after {@code limit}), its output to {@code log}. */
  static Exit run(List<String> command, Path log, Duration limit) {
    try {
      Files.createDirectories(log.toAbsolutePath().getParent());
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly().waitFor();
        return new Exit(-1, log);
      }
      return new Exit(p.exitValue(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a bench child JVM: " + command.get(0), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while a bench child JVM ran", e);
    }
  }
}
