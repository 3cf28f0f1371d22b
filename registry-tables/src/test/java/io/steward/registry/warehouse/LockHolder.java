package io.steward.registry.warehouse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A separate process that takes a warehouse lock, reports a progress line when given one, says
 * "locked" and holds the lock until its standard input closes or it is killed.
 */
public final class LockHolder {
  private LockHolder() {}

  @SuppressWarnings("try") // the lock is held for the block, never read in it
  public static void main(String[] args) throws IOException {
    Warehouse w = new Warehouse(args[0]);
    try (WarehouseLock lock = WarehouseLock.acquire(w, "lock-holder test")) {
      if (args.length > 1) {
        WarehouseLock.report(w, args[1]);
      }
      System.out.println("locked");
      System.out.flush();
      while (System.in.read() != -1) {
        // hold until stdin closes
      }
    }
  }

  /** Starts a holder on {@code dir} and returns once it holds the lock. */
  public static Process start(String dir) throws IOException {
    return start(dir, null);
  }

  /**
   * Starts a holder on {@code dir} that reports {@code phase} (when not null) as its progress, and
   * returns once it holds the lock.
   */
  public static Process start(String dir, String phase) throws IOException {
    String javaBin = ProcessHandle.current().info().command().orElse("java");
    List<String> command =
        new ArrayList<>(
            List.of(
                javaBin,
                "-cp",
                System.getProperty("java.class.path"),
                LockHolder.class.getName(),
                dir));
    if (phase != null) {
      command.add(phase);
    }
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String line =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))
            .readLine();
    if (!"locked".equals(line)) {
      p.destroyForcibly();
      throw new IllegalStateException("lock holder did not take the lock: " + line);
    }
    return p;
  }

  /** Closes the holder's standard input, so that it releases the lock, and waits for its end. */
  public static void release(Process holder) throws InterruptedException, IOException {
    holder.getOutputStream().close();
    holder.waitFor();
  }
}
