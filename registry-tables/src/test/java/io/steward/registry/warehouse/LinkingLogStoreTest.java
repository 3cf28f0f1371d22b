package io.steward.registry.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log store's one promise: of writers racing one commit file, exactly one creates it. */
class LinkingLogStoreTest {
  @TempDir Path dir;

  private final Configuration conf = new Configuration();

  private org.apache.hadoop.fs.Path commit(long version) {
    return new org.apache.hadoop.fs.Path(
        dir.resolve("_delta_log").resolve(String.format("%020d.json", version)).toUri());
  }

  @Test
  void ofEightWritersRacingOneVersionExactlyOneCommitsAndItsTextIsWhole() throws Exception {
    LinkingLogStore store = new LinkingLogStore(conf);
    int writers = 8;
    CyclicBarrier start = new CyclicBarrier(writers);
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    List<Future<String>> results = new ArrayList<>();
    try {
      for (int i = 0; i < writers; i++) {
        String action = "{\"commitInfo\":{\"writer\":" + i + "}}";
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  try {
                    store.write(commit(7), List.of(action, action).iterator(), false, conf);
                    return action;
                  } catch (FileAlreadyExistsException lost) {
                    return null;
                  }
                }));
      }
      List<String> won = new ArrayList<>();
      for (Future<String> r : results) {
        if (r.get() != null) {
          won.add(r.get());
        }
      }
      assertEquals(1, won.size(), "exactly one writer commits version 7: " + won);
      Path file = Path.of(commit(7).toUri());
      assertEquals(won.get(0) + "\n" + won.get(0) + "\n", Files.readString(file));
    } finally {
      pool.shutdownNow();
    }
    try (Stream<Path> left = Files.list(file(commit(7)).getParent())) {
      assertEquals(List.of(file(commit(7))), left.toList(), "no temporary file is left behind");
    }
  }

  @Test
  void aSecondWriteOfAVersionFailsAndOverwriteReplaces() throws Exception {
    LinkingLogStore store = new LinkingLogStore(conf);
    store.write(commit(0), List.of("a").iterator(), false, conf);
    assertThrows(
        FileAlreadyExistsException.class,
        () -> store.write(commit(0), List.of("b").iterator(), false, conf));
    assertEquals("a\n", Files.readString(file(commit(0))));
    store.write(commit(0), List.of("c").iterator(), true, conf);
    assertEquals("c\n", Files.readString(file(commit(0))));
    assertTrue(!store.isPartialWriteVisible(commit(0), conf));
  }

  @Test
  void onlyLocalPathsAreLinkedHere() {
    assertNull(LinkingLogStore.local(new org.apache.hadoop.fs.Path("s3a://bucket/t/_delta_log/0")));
    assertEquals(
        Path.of("/tmp/t/_delta_log/0.json"),
        LinkingLogStore.local(new org.apache.hadoop.fs.Path("file:/tmp/t/_delta_log/0.json")));
    assertEquals(
        Path.of("/tmp/t/0.json"),
        LinkingLogStore.local(new org.apache.hadoop.fs.Path("/tmp/t/0.json")));
  }

  private static Path file(org.apache.hadoop.fs.Path p) {
    return Path.of(p.toUri());
  }
}
