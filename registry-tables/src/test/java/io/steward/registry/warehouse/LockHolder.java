package io.steward.registry.warehouse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A separate process that takes a warehouse lock, says "locked" and holds it until its standard
 * input closes or it is killed.
 */
public final class LockHolder {
  private LockHolder() {}

  @SuppressWarnings("try") // the lock is held for the block, never read in it
  public static void main(String[] args) throws IOException {
    try (WarehouseLock lock = WarehouseLock.acquire(new Warehouse(args[0]), "lock-holder test")) {
      System.out.println("locked");
      System.out.flush();
      while (System.in.read() != -1) {
        // hold until stdin closes
      }
    }
  }

  /** Starts a holder on {@code dir} and returns once it holds the lock. */
  public static Process start(String dir) throws IOException {
    String javaBin = ProcessHandle.current().info().command().orElse("java");
    Process p =
        new ProcessBuilder(
                javaBin,
                "-cp",
                System.getProperty("java.class.path"),
                LockHolder.class.getName(),
                dir)
            .redirectErrorStream(true)
            .start();
    String line =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))
            .readLine();
    if (!"locked".equals(line)) {
      p.destroyForcibly();
      throw new IllegalStateException("lock holder did not take the lock: " + line);
    }
    return p;
  }
}
