package io.steward.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.jobs.Cli;
import io.steward.registry.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's archive training run: every step succeeds on a new warehouse, or it says which.
 */
class ArchiveTrainingTest {
  @TempDir Path dir;

  @Test
  void runsEveryStepOnANewWarehouse() {
    TestSpark.get();
    Path wh = dir.resolve("scratch");
    assertNull(ArchiveTraining.run(wh));
    Cli.Run models = Cli.run(wh.toString(), "model", "list", "--format", "csv");
    assertEquals(0, models.code(), models.toString());
    assertEquals(2, models.out().lines().count(), models.out());
    assertTrue(models.out().lines().skip(1).allMatch(l -> l.startsWith("archive_training,")));
    Cli.Run trail = Cli.run(wh.toString(), "model", "verify-trail");
    assertTrue(trail.out().startsWith("trail intact: 2 events"), trail.toString());
  }

  @Test
  void namesTheFailingStep() throws IOException {
    TestSpark.get();
    Path notAFolder = Files.writeString(dir.resolve("file"), "x");
    String failed = ArchiveTraining.run(notAFolder);
    assertTrue(failed.startsWith("steward init --warehouse " + notAFolder + " exited 1\n"), failed);
  }
}
