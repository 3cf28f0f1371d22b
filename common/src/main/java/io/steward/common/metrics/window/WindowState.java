package io.steward.common.metrics.window;

import io.steward.common.metrics.operational.LogSketch;
import io.steward.common.metrics.shadow.PairRecords;
import io.steward.common.metrics.shadow.PairTally;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Everything the nightly run learns about one model version's window in its single pass: drift
 * histogram slots, performance sums overall and per slice group, fairness counts per group of each
 * protected attribute, latency and label-lag sketches, status and source counts, predictions per
 * minute, the newest event, the hashes of the prediction ids (for duplicates) and the rejections.
 * Mergeable, so Spark builds it per partition and combines the partial states. A window's id hashes
 * travel apart from the rest of its state, in shares by hash ({@code PartitionProfile.emit} in the
 * jobs module), and each share is reduced to the number of repeated ids it holds ({@link
 * #countDuplicates}).
 */
public final class WindowState implements Serializable {
  private static final long serialVersionUID = 1L;

  public int model = -1;
  public long rows;
  public long[] slots = new long[0];
  public long newestMicros = Long.MIN_VALUE;
  public long[] perMinute = new long[0];
  public long[] idHashes = new long[16];
  public int idCount;
  public long duplicates;
  public Outcomes overall = new Outcomes();
  public List<HashMap<String, Outcomes>> slices = new ArrayList<>();
  public List<HashMap<String, GroupTally>> groups = new ArrayList<>();
  public long[] latency;
  public long[] labelLag;
  public HashMap<String, long[]> status = new HashMap<>();
  public HashMap<String, long[]> sources = new HashMap<>();
  public long errors;
  public long[] rejected = new long[Rejection.values().length];

  /**
   * Shadow mode: the rows of a model's versions in a night, on their way to the task of their id
   * share (null in every other state).
   */
  public PairRecords pairRecords;

  /** Shadow mode: each challenger version's comparison with the champion, once paired up. */
  public LinkedHashMap<String, PairTally> comparisons;

  /** An empty state for a share of a window's id hashes. */
  public static WindowState ofIds(int model, int capacity) {
    WindowState s = new WindowState();
    s.model = model;
    s.idHashes = new long[Math.max(1, capacity)];
    return s;
  }

  public void countSlot(int slot) {
    if (slot >= slots.length) {
      slots = Arrays.copyOf(slots, Math.max(slot + 1, slots.length * 2));
    }
    slots[slot]++;
  }

  public void countMinute(int minute) {
    if (minute >= perMinute.length) {
      perMinute = Arrays.copyOf(perMinute, Math.max(minute + 1, 1440));
    }
    perMinute[minute]++;
  }

  public void addIdHash(long hash) {
    if (idCount == idHashes.length) {
      idHashes = Arrays.copyOf(idHashes, idHashes.length * 2);
    }
    idHashes[idCount++] = hash;
  }

  /** Counts a latency in its {@link LogSketch} bucket. */
  public void countLatencyIndex(int bucket) {
    if (latency == null) {
      latency = new long[LogSketch.size()];
    }
    latency[bucket]++;
  }

  /** Counts a label lag (hours) in its {@link LogSketch} bucket. */
  public void countLabelLagIndex(int bucket) {
    if (labelLag == null) {
      labelLag = new long[LogSketch.size()];
    }
    labelLag[bucket]++;
  }

  public void reject(Rejection r) {
    rejected[r.ordinal()]++;
  }

  /** Merges {@code o} into this state and returns this. */
  public WindowState merge(WindowState o) {
    if (model < 0) {
      model = o.model;
    }
    rows += o.rows;
    slots = addCounts(slots, o.slots);
    newestMicros = Math.max(newestMicros, o.newestMicros);
    perMinute = addCounts(perMinute, o.perMinute);
    if (idCount + o.idCount > idHashes.length) {
      idHashes = Arrays.copyOf(idHashes, idCount + o.idCount);
    }
    System.arraycopy(o.idHashes, 0, idHashes, idCount, o.idCount);
    idCount += o.idCount;
    duplicates += o.duplicates;
    overall.merge(o.overall);
    mergeMaps(slices, o.slices, Outcomes::merge);
    mergeMaps(groups, o.groups, GroupTally::merge);
    latency = latency == null ? o.latency : addCounts(latency, o.latency);
    labelLag = labelLag == null ? o.labelLag : addCounts(labelLag, o.labelLag);
    o.status.forEach((k, v) -> status.merge(k, v, WindowState::addCounts));
    o.sources.forEach((k, v) -> sources.merge(k, v, WindowState::addCounts));
    errors += o.errors;
    rejected = addCounts(rejected, o.rejected);
    if (o.pairRecords != null) {
      pairRecords = pairRecords == null ? o.pairRecords : pairRecords.merge(o.pairRecords);
    }
    if (o.comparisons != null) {
      if (comparisons == null) {
        comparisons = new LinkedHashMap<>();
      }
      o.comparisons.forEach(
          (v, t) ->
              comparisons.merge(
                  v,
                  t,
                  (a, b) -> {
                    a.merge(b);
                    return a;
                  }));
    }
    return this;
  }

  /**
   * Replaces the rows held for shadow mode with each challenger's comparison against {@code
   * champion}, and returns this. Every row of an id lands in the same share, so the shares'
   * comparisons add up to the night's.
   */
  public WindowState pairUp(String champion, double favorableClass) {
    comparisons = new LinkedHashMap<>(pairRecords.pairUp(champion, favorableClass));
    pairRecords = null;
    return this;
  }

  /**
   * Replaces the id hashes held by this state with the number of them that repeat an earlier one
   * (exact up to 64-bit hash collisions), and returns this. Every hash of an id lands in the same
   * share, so the shares' counts add up to the window's.
   */
  public WindowState countDuplicates() {
    long[] sorted = Arrays.copyOf(idHashes, idCount);
    Arrays.sort(sorted);
    for (int i = 1; i < sorted.length; i++) {
      if (sorted[i] == sorted[i - 1]) {
        duplicates++;
      }
    }
    idHashes = new long[0];
    idCount = 0;
    return this;
  }

  /** Adds counts element by element into the longer array, and returns it. */
  public static long[] addCounts(long[] a, long[] b) {
    if (b == null) {
      return a;
    }
    long[] big = a.length >= b.length ? a : b;
    long[] small = big == a ? b : a;
    for (int i = 0; i < small.length; i++) {
      big[i] += small[i];
    }
    return big;
  }

  private interface Merger<T> {
    void merge(T into, T from);
  }

  private static <T> void mergeMaps(
      List<HashMap<String, T>> into, List<HashMap<String, T>> from, Merger<T> merger) {
    while (into.size() < from.size()) {
      into.add(new HashMap<>());
    }
    for (int i = 0; i < from.size(); i++) {
      HashMap<String, T> target = into.get(i);
      for (var e : from.get(i).entrySet()) {
        T existing = target.get(e.getKey());
        if (existing == null) {
          target.put(e.getKey(), e.getValue());
        } else {
          merger.merge(existing, e.getValue());
        }
      }
    }
  }
}
