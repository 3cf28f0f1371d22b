package io.steward.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.tables.DeltaTable;
import io.steward.jobs.Cli;
import io.steward.jobs.TestData;
import io.steward.registry.testing.TestSpark;
import io.steward.registry.warehouse.LockHolder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --wait-lock}: a writer that finds the warehouse lock held by another process fails at once
 * without it, waits with it and goes on when the holder releases, and fails naming the holder and
 * the wait when the holder keeps it. The holder is a separate process ({@link LockHolder}),
 * released by closing its standard input once the waiter has said it waits.
 */
class WaitLockCommandTest {
  @TempDir Path dir;
  String wh;

  @BeforeEach
  void warehouse() {
    wh = TestData.initialisedWarehouse(dir.resolve("wh"));
  }

  private String create(String name) {
    return "CREATE TABLE delta.`" + dir.resolve(name) + "` (a INT) USING delta";
  }

  private String heldBy(Process holder) {
    return "lock-holder test, pid " + holder.pid() + ", user ";
  }

  @Test
  void withoutTheOptionAWriterFailsAtOnceNamingTheHolder() throws Exception {
    Process holder = LockHolder.start(wh);
    try {
      Cli.Run r = Cli.run(wh, "sql", create("t"));
      assertEquals(StewardCli.USER_ERROR, r.code(), r.toString());
      assertEquals(1, r.err().lines().count(), r.toString());
      assertTrue(
          r.lastErr()
              .startsWith(
                  "steward: error: warehouse "
                      + wh
                      + " is locked by another steward process ("
                      + heldBy(holder)),
          r.toString());
      assertTrue(
          r.lastErr().endsWith("); wait for it to finish, or use another --warehouse"),
          r.toString());
    } finally {
      holder.destroyForcibly().waitFor();
    }
    assertFalse(DeltaTable.isDeltaTable(TestSpark.get(), dir.resolve("t").toString()));
  }

  @Test
  void aWaitingWriterGoesOnWhenTheHolderReleases() throws Exception {
    Process holder = LockHolder.start(wh);
    try {
      CompletableFuture<String> waiting = new CompletableFuture<>();
      StringWriter err = new StringWriter();
      Writer watched =
          new Writer() {
            @Override
            public void write(char[] buf, int off, int len) {
              err.write(buf, off, len);
              err.toString()
                  .lines()
                  .filter(l -> l.startsWith("waiting up to"))
                  .findFirst()
                  .ifPresent(waiting::complete);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
          };
      StringWriter out = new StringWriter();
      TestSpark.get();
      CompletableFuture<Integer> code =
          CompletableFuture.supplyAsync(
              () ->
                  StewardCli.run(
                      new PrintWriter(out, true),
                      new PrintWriter(watched, true),
                      "sql",
                      create("t"),
                      "--wait-lock",
                      "10m",
                      "--warehouse",
                      wh));
      // Whichever comes first: the writer says it waits, or it ends (and then it did not wait).
      CompletableFuture.anyOf(waiting, code).join();
      assertTrue(waiting.isDone(), "the writer did not wait: " + err);
      assertTrue(
          waiting
              .get()
              .startsWith("waiting up to 10m for the warehouse lock held by " + heldBy(holder)),
          waiting.get());
      assertFalse(code.isDone(), "the writer went on while the lock was held: " + err);
      LockHolder.release(holder);
      assertEquals(StewardCli.OK, code.get(), err.toString());
      assertEquals(
          List.of(waiting.get(), "OK"), err.toString().lines().toList(), "printed once, then OK");
    } finally {
      holder.destroyForcibly().waitFor();
    }
    assertTrue(DeltaTable.isDeltaTable(TestSpark.get(), dir.resolve("t").toString()));
  }

  @Test
  void aWriterThatWaitedInVainFailsNamingTheHolderAndTheWait() throws Exception {
    Process holder = LockHolder.start(wh);
    try {
      Cli.Run r = Cli.run(wh, "sql", create("t"), "--wait-lock", "1s");
      assertEquals(StewardCli.USER_ERROR, r.code(), r.toString());
      List<String> lines = r.err().lines().toList();
      assertEquals(2, lines.size(), r.toString());
      assertTrue(
          lines
              .get(0)
              .startsWith("waiting up to 1s for the warehouse lock held by " + heldBy(holder)),
          r.toString());
      assertTrue(
          lines
              .get(1)
              .startsWith(
                  "steward: error: warehouse "
                      + wh
                      + " is still locked by another steward process ("
                      + heldBy(holder)),
          r.toString());
      assertTrue(
          lines
              .get(1)
              .endsWith(
                  ") after waiting 1s; wait longer (--wait-lock), or use another --warehouse"),
          r.toString());
    } finally {
      holder.destroyForcibly().waitFor();
    }
    assertFalse(DeltaTable.isDeltaTable(TestSpark.get(), dir.resolve("t").toString()));
  }

  @Test
  void aBadDurationIsOneLineAndExit2() {
    for (String command : List.of(create("t"), "SELECT 1")) {
      Cli.Run r = Cli.run(wh, "sql", command, "--wait-lock", "soon");
      assertEquals(StewardCli.USER_ERROR, r.code(), r.toString());
      assertEquals(
          "steward: error: option --wait-lock is 'soon' but must be a duration such as 30s, 10m,"
              + " 2h or PT5M",
          r.err().strip(),
          r.toString());
      assertEquals("", r.out(), r.toString());
    }
  }
}
