package io.steward.jobs.labels;

import java.io.Serializable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The label indexes a JVM (an executor, or the driver in local mode) holds: a source is loaded
 * once, by the first task that needs it (tasks needing another source load that one meanwhile), and
 * kept until a task of another run loads a source or the run {@linkplain #release releases} it.
 */
final class LabelIndexes {
  private LabelIndexes() {}

  /** Where a source's files are, how many label rows they hold and how to reach them. */
  record Source(String run, String dir, long labels, SerializableConf conf)
      implements Serializable {}

  private static final Map<String, Loaded> LOADED = new ConcurrentHashMap<>();

  /** A source's index, loaded once: the first task to ask runs the load, the others wait for it. */
  private record Loaded(String run, FutureTask<LabelIndex> index) {}

  /** The executor's index of a source, loaded by the first task that asks. */
  static LabelIndex of(Source s) {
    Loaded l = LOADED.get(s.dir());
    if (l == null) {
      // One run's indexes at a time: those of an earlier run are dropped (tasks still holding
      // one keep it alive until they finish; the memory is the garbage collector's to free).
      LOADED.values().removeIf(x -> !x.run().equals(s.run()));
      l =
          LOADED.computeIfAbsent(
              s.dir(),
              d ->
                  new Loaded(
                      s.run(),
                      new FutureTask<>(() -> LabelIndex.load(d, s.conf().get(), s.labels()))));
    }
    l.index().run();
    try {
      return l.index().get();
    } catch (ExecutionException e) {
      LOADED.remove(s.dir(), l);
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("cannot load the labels index at " + s.dir(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted loading the labels index at " + s.dir(), e);
    }
  }

  /** Drops a run's indexes from this JVM (the driver's, which are the executors' in local mode). */
  static void release(String run) {
    LOADED.values().removeIf(x -> x.run().equals(run));
  }

  /** How many indexes this JVM holds (for tests). */
  static int loaded() {
    return LOADED.size();
  }
}
