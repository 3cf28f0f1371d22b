package io.steward.registry.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.common.domain.LockWait;
import io.steward.common.errors.WarehouseLockedException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarehouseLockTest {
  @TempDir Path dir;

  @Test
  @SuppressWarnings("try") // the locks are held for the block, never read in it
  void anotherProcessHoldingTheLockIsNamedAndAKillReleasesIt() throws Exception {
    Warehouse w = new Warehouse(dir.toString());
    Process holder = LockHolder.start(dir.toString());
    try {
      WarehouseLockedException e =
          assertThrows(WarehouseLockedException.class, () -> WarehouseLock.acquire(w, "test"));
      assertTrue(
          e.getMessage().startsWith("warehouse " + dir + " is locked by another steward process"),
          e.getMessage());
      assertTrue(e.getMessage().contains("pid " + holder.pid()), e.getMessage());
      assertTrue(e.getMessage().endsWith("wait for it to finish, or use another --warehouse"));
    } finally {
      holder.destroyForcibly().waitFor();
    }
    try (WarehouseLock lock = WarehouseLock.acquire(w, "after the kill")) {
      assertTrue(dir.resolve(WarehouseLock.FILE_NAME).toFile().exists());
    }
  }

  @Test
  @SuppressWarnings("try") // the locks are held for the block, never read in it
  void aHolderKilledHoldingTheLockLeavesItsNoteToTheNextHolder() throws Exception {
    Warehouse w = new Warehouse(dir.toString());
    Process holder =
        LockHolder.start(dir.toString(), "nightly 2026-03-02: scanning 1 log table(s)");
    WarehouseLockedException e =
        assertThrows(WarehouseLockedException.class, () -> WarehouseLock.acquire(w, "test"));
    assertTrue(
        e.getMessage()
            .contains(
                "(lock-holder test, pid "
                    + holder.pid()
                    + ", user "
                    + System.getProperty("user.name")
                    + ", host "
                    + Identity.host()
                    + ", since "),
        e.getMessage());
    assertTrue(
        e.getMessage().contains("; last: nightly 2026-03-02: scanning 1 log table(s))"),
        e.getMessage());
    holder.destroyForcibly().waitFor();
    try (WarehouseLock lock = WarehouseLock.acquire(w, "after the kill")) {
      HolderNote died = lock.previousHolder().orElseThrow();
      assertEquals(holder.pid(), died.pid());
      assertEquals(Identity.host(), died.host());
      assertEquals("nightly 2026-03-02: scanning 1 log table(s)", died.last());
      assertTrue(died.holder().startsWith("lock-holder test, pid " + holder.pid()), died.holder());
    }
    // That holder released the lock cleanly: the next one finds no note.
    try (WarehouseLock lock = WarehouseLock.acquire(w, "after a clean release")) {
      assertTrue(lock.previousHolder().isEmpty());
    }
  }

  @Test
  void aWriterWaitsForTheHolderToRelease() throws Exception {
    Warehouse w = new Warehouse(dir.toString());
    Process holder = LockHolder.start(dir.toString());
    try {
      CompletableFuture<String> told = new CompletableFuture<>();
      CompletableFuture<WarehouseLock> taken =
          CompletableFuture.supplyAsync(
              () ->
                  WarehouseLock.acquire(
                      w, "waiter", LockWait.parse("--wait-lock", "10m"), told::complete));
      // Whichever comes first: the waiter says it waits, or it ends (and then it failed).
      CompletableFuture.anyOf(told, taken).join();
      assertTrue(told.isDone(), "the waiter never said it waits");
      assertTrue(told.get().startsWith("lock-holder test, pid " + holder.pid()), told.get());
      assertFalse(taken.isDone(), "the waiter took a held lock");
      LockHolder.release(holder);
      try (WarehouseLock lock = taken.get()) {
        assertTrue(lock.previousHolder().isEmpty(), "the holder released the lock cleanly");
      }
    } finally {
      holder.destroyForcibly().waitFor();
    }
  }

  @Test
  void aWriterThatWaitedInVainNamesTheHolderAndTheWait() throws Exception {
    Warehouse w = new Warehouse(dir.toString());
    Process holder = LockHolder.start(dir.toString());
    List<String> told = new ArrayList<>();
    try {
      WarehouseLockedException e =
          assertThrows(
              WarehouseLockedException.class,
              () -> WarehouseLock.acquire(w, "waiter", LockWait.parse("-", "PT0.2S"), told::add));
      assertEquals(1, told.size(), told.toString());
      assertTrue(
          e.getMessage()
              .startsWith(
                  "warehouse "
                      + dir
                      + " is still locked by another steward process (lock-holder test, pid "
                      + holder.pid()),
          e.getMessage());
      assertTrue(
          e.getMessage()
              .endsWith(
                  ") after waiting 0.2s; wait longer (--wait-lock), or use another --warehouse"),
          e.getMessage());
    } finally {
      holder.destroyForcibly().waitFor();
    }
  }

  @Test
  @SuppressWarnings("try") // the locks are held for the block, never read in it
  void theSameProcessCannotTakeItTwiceAndCanAfterRelease() {
    Warehouse w = new Warehouse(dir.toString());
    try (WarehouseLock first = WarehouseLock.acquire(w, "first writer")) {
      WarehouseLockedException e =
          assertThrows(WarehouseLockedException.class, () -> WarehouseLock.acquire(w, "second"));
      assertTrue(e.getMessage().contains("first writer"), e.getMessage());
    }
    WarehouseLock.acquire(w, "third").close();
  }

  @Test
  @SuppressWarnings("try") // the locks are held for the block, never read in it
  void remoteWarehousesAreNotLockedHere() {
    Warehouse w = new Warehouse("s3a://bucket/warehouse");
    try (WarehouseLock a = WarehouseLock.acquire(w, "a");
        WarehouseLock b = WarehouseLock.acquire(w, "b")) {
      assertEquals("s3a://bucket/warehouse/steward", w.schemaLocation());
    }
  }
}
