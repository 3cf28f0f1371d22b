package io.steward.jobs.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.registry.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's scratch folder is its own under the warehouse's; folders a crashed run left behind are
 * removed a day later, those of runs still going are kept; removing one removes its files.
 */
class ScratchTest {
  @TempDir Path warehouse;

  @Test
  void staleFoldersGoAndCurrentOnesStay() throws IOException {
    Path parent = warehouse.resolve(Scratch.FOLDER);
    Path crashed = Files.createDirectories(parent.resolve("crashed-run"));
    Files.writeString(crashed.resolve("part-00000.bin"), "x");
    Files.setLastModifiedTime(
        crashed, FileTime.from(Instant.now().minus(Scratch.STALE).minus(Duration.ofHours(1))));
    Path going = Files.createDirectories(parent.resolve("running-run"));

    String mine = Scratch.forRun(TestSpark.get(), warehouse.toString(), "run-1");
    assertEquals(parent.resolve("run-1").toString(), mine.replaceFirst("^file:", ""));
    assertFalse(Files.exists(crashed), "a folder untouched for over a day is removed");
    assertTrue(Files.exists(going), "a folder of a run still going is kept");

    Path file = Files.createDirectories(Path.of(mine.replaceFirst("^file:", ""), "labels-0"));
    Files.writeString(file.resolve("part-00000.bin"), "y");
    Scratch.delete(TestSpark.get(), mine);
    assertFalse(Files.exists(Path.of(mine.replaceFirst("^file:", ""))));
    assertTrue(Files.exists(going));
  }
}
