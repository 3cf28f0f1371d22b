package io.steward.jobs;

import io.steward.jobs.cli.StewardCli;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The steward command line in a child JVM, as an operator or a scheduler starts it: the same java,
 * class path, {@code --add-opens}, time zone and other {@code -D} options as the test JVM (the
 * bench's {@code ChildJvm} does the same for its children at the production heap; a test child
 * keeps a small one). Its stdout and stderr are read together, line by line, as they come, so a
 * test can wait for a line (a progress phase) and kill the child there: {@link #kill} is {@code
 * destroyForcibly}, SIGKILL on Linux, the {@code kill -9} of a dead machine or an out-of-memory
 * kill.
 */
public final class ChildCli {
  private final Process process;
  private final List<String> lines = new ArrayList<>();
  private final Thread reader;
  private boolean outputEnded; // guarded by lines
  private final long startNanos = System.nanoTime();

  private ChildCli(Process process) {
    this.process = process;
    this.reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                  }
                }
              } catch (IOException e) {
                // The child was killed mid-line: what it printed so far is kept.
              } finally {
                synchronized (lines) {
                  outputEnded = true;
                  lines.notifyAll();
                }
              }
            },
            "child-cli-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /** The JVM options a child keeps: the test JVM's, but no heap size and no debugger. */
  static List<String> jvmOptions() {
    List<String> kept = new ArrayList<>();
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if ((arg.startsWith("--add-opens") || arg.startsWith("-D") || arg.startsWith("-XX:+Use"))
          && !arg.startsWith("-Dsteward.warehouse.lock")) {
        kept.add(arg);
      }
    }
    return kept;
  }

  /**
   * Starts {@code steward args... --warehouse warehouse} as Hadoop user {@code user} (the actor of
   * registry commands), with {@code env} added to this JVM's environment.
   */
  public static ChildCli start(
      String user, String warehouse, Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>();
    command.add(
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jvmOptions());
    command.add("-Xmx1g");
    // A child lives for seconds to a minute: the client compiler alone (as the integration
    // tests' QUICK_JVM), whose work pays back in that time.
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(StewardCli.class.getName());
    command.addAll(List.of(args));
    command.add("--warehouse");
    command.add(warehouse);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("HADOOP_USER_NAME", user);
    pb.environment().putAll(env);
    try {
      return new ChildCli(pb.start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a child JVM: " + command.get(0), e);
    }
  }

  public long pid() {
    return process.pid();
  }

  /** Seconds since the child was started. */
  public double seconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** The lines printed so far (stdout and stderr together). */
  public List<String> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  /** The last line printed so far, or "" before the first. */
  public String lastLine() {
    synchronized (lines) {
      return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }
  }

  /**
   * Waits until the child has printed {@code n} lines matching {@code counted} (returns true) or
   * its output has ended (returns false), for at most {@code limit}.
   */
  public boolean awaitLines(int n, Predicate<String> counted, Duration limit)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    synchronized (lines) {
      while (true) {
        if (lines.stream().filter(counted).count() >= n) {
          return true;
        }
        long left = deadline - System.nanoTime();
        if (outputEnded || left <= 0) {
          return false;
        }
        lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      }
    }
  }

  /** Waits for at most {@code limit} for the child to end; true when it has. */
  public boolean awaitEnd(Duration limit) throws InterruptedException {
    return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** SIGKILL: the child ends at once, without running anything of its own. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
    reader.join(10_000);
  }

  /** Waits for the child to end (killing it after {@code limit}) and returns its exit code. */
  public int exitCode(Duration limit) throws InterruptedException {
    if (!awaitEnd(limit)) {
      kill();
      throw new AssertionError(
          "child pid " + pid() + " still ran after " + limit + "; its output:\n" + output());
    }
    reader.join(10_000);
    return process.exitValue();
  }

  /** Everything it printed, for a failure message. */
  public String output() {
    return String.join("\n", lines());
  }

  /** The lines starting {@code steward: error:}. */
  public List<String> errorLines() {
    return lines().stream().filter(l -> l.startsWith("steward: error:")).toList();
  }
}
