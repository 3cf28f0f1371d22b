package io.steward.registry.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.common.errors.WarehouseLockedException;
import java.nio.file.Path;
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
