package io.steward.common.metrics.shadow;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The rows of a model's versions in one window, kept compactly (a prediction-id hash, the version,
 * score, decision, label and protected groups of each) until the rows of every version with the
 * same ids meet in one task, where {@link #pairUp} matches them and tallies each challenger against
 * the champion. The scan emits one instance per share of the id hashes ({@link #split}), so no task
 * holds more than its share; shares from different partitions are concatenated ({@link #merge}),
 * their version and group names renumbered.
 */
public final class PairRecords implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String[] attributes;
  private final List<String> versions = new ArrayList<>();
  private final List<List<String>> groupNames = new ArrayList<>();

  private long[] ids = new long[16];
  private int[] version = new int[16];
  private double[] score = new double[16];
  private double[] decision = new double[16];
  private double[] label = new double[16];
  private int[][] groups;
  private int size;

  /**
   * @param attributes the protected attributes whose groups each row carries, in order
   */
  public PairRecords(List<String> attributes) {
    this.attributes = attributes.toArray(String[]::new);
    this.groups = new int[this.attributes.length][16];
    for (int a = 0; a < this.attributes.length; a++) {
      groupNames.add(new ArrayList<>());
    }
  }

  public int size() {
    return size;
  }

  /** The code of a version name, numbered as first seen. */
  public int versionCode(String name) {
    return code(versions, name);
  }

  /** The code of a group of attribute {@code a}, numbered as first seen. */
  public int groupCode(int a, String name) {
    return code(groupNames.get(a), name);
  }

  private static int code(List<String> names, String name) {
    int i = names.indexOf(name);
    if (i >= 0) {
      return i;
    }
    names.add(name);
    return names.size() - 1;
  }

  /**
   * Adds a row.
   *
   * @param decision the predicted class, NaN when none
   * @param label the label 0 or 1, NaN when none
   * @param groupCodes the row's group code of each attribute ({@link #groupCode})
   */
  public void add(
      long idHash, int versionCode, double score, double decision, double label, int[] groupCodes) {
    if (size == ids.length) {
      int n = size * 2;
      ids = Arrays.copyOf(ids, n);
      version = Arrays.copyOf(version, n);
      this.score = Arrays.copyOf(this.score, n);
      this.decision = Arrays.copyOf(this.decision, n);
      this.label = Arrays.copyOf(this.label, n);
      for (int a = 0; a < groups.length; a++) {
        groups[a] = Arrays.copyOf(groups[a], n);
      }
    }
    ids[size] = idHash;
    version[size] = versionCode;
    this.score[size] = score;
    this.decision[size] = decision;
    this.label[size] = label;
    for (int a = 0; a < groups.length; a++) {
      groups[a][size] = groupCodes[a];
    }
    size++;
  }

  /**
   * Names the group codes of attribute {@code a} when rows were added with codes of the caller's
   * own numbering (the scan's per-partition text numbers) rather than {@link #groupCode}'s: code c
   * becomes {@code name.apply(c)}. Call once, before {@link #split} or {@link #merge}.
   */
  public void nameGroups(int a, IntFunction<String> name) {
    int max = -1;
    for (int i = 0; i < size; i++) {
      max = Math.max(max, groups[a][i]);
    }
    List<String> names = groupNames.get(a);
    names.clear();
    for (int c = 0; c <= max; c++) {
      names.add(name.apply(c));
    }
  }

  /** The rows split by share of their id hash: share {@code floorMod(hash, shares)}. */
  public PairRecords[] split(int shares) {
    PairRecords[] out = new PairRecords[shares];
    for (int s = 0; s < shares; s++) {
      out[s] = emptyLike();
    }
    for (int i = 0; i < size; i++) {
      out[Math.floorMod(ids[i], shares)].copy(this, i);
    }
    return out;
  }

  private PairRecords emptyLike() {
    PairRecords r = new PairRecords(List.of(attributes));
    r.versions.addAll(versions);
    for (int a = 0; a < attributes.length; a++) {
      r.groupNames.get(a).addAll(groupNames.get(a));
    }
    return r;
  }

  /** Copies row {@code i} of {@code from}, renumbering its version and groups into this one's. */
  private void copy(PairRecords from, int i) {
    int[] g = new int[attributes.length];
    for (int a = 0; a < g.length; a++) {
      g[a] = groupCode(a, from.groupNames.get(a).get(from.groups[a][i]));
    }
    add(
        from.ids[i],
        versionCode(from.versions.get(from.version[i])),
        from.score[i],
        from.decision[i],
        from.label[i],
        g);
  }

  /** Appends the rows of another share of the same window; returns this. */
  public PairRecords merge(PairRecords o) {
    if (!Arrays.equals(attributes, o.attributes)) {
      throw new IllegalArgumentException("pair records of different attributes cannot be merged");
    }
    for (int i = 0; i < o.size; i++) {
      copy(o, i);
    }
    return this;
  }

  /**
   * Matches the rows by id and tallies each challenger version against the champion: a pair is an
   * id with exactly one champion row and exactly one row of the challenger (an id repeated within a
   * version pairs nothing; the window's duplicate check counts it). The label is the champion
   * row's.
   *
   * @param champion the champion's version name
   * @param favorableClass the favorable decision, for the parity ratios
   * @return a tally per challenger version seen, in the order first seen; every tally counts the
   *     champion's rows
   */
  public Map<String, PairTally> pairUp(String champion, double favorableClass) {
    Map<String, PairTally> out = new LinkedHashMap<>();
    int championCode = versions.indexOf(champion);
    long championRows = 0;
    long[] challengerRows = new long[versions.size()];
    for (int i = 0; i < size; i++) {
      if (version[i] == championCode) {
        championRows++;
      } else {
        challengerRows[version[i]]++;
      }
    }
    for (int v = 0; v < versions.size(); v++) {
      if (v != championCode) {
        PairTally t = new PairTally();
        t.championRows = championRows;
        t.challengerRows = challengerRows[v];
        out.put(versions.get(v), t);
      }
    }
    if (championCode < 0 || out.isEmpty()) {
      return out;
    }
    int[] order = orderById(ids, size);
    int[] seen = new int[versions.size()];
    int[] row = new int[versions.size()];
    int start = 0;
    while (start < size) {
      int end = start;
      while (end < size && ids[order[end]] == ids[order[start]]) {
        end++;
      }
      Arrays.fill(seen, 0);
      for (int k = start; k < end; k++) {
        int i = order[k];
        seen[version[i]]++;
        row[version[i]] = i;
      }
      if (seen[championCode] == 1) {
        int c = row[championCode];
        for (int v = 0; v < versions.size(); v++) {
          if (v != championCode && seen[v] == 1) {
            tally(out.get(versions.get(v)), c, row[v], favorableClass);
          }
        }
      }
      start = end;
    }
    return out;
  }

  /**
   * The positions 0..n-1 ordered by their id (unsigned), so that the rows of an id are contiguous:
   * a least-significant-digit radix sort over primitive arrays, six passes of 11 bits, with no
   * boxing and no comparator call per comparison.
   */
  static int[] orderById(long[] ids, int n) {
    int[] order = new int[n];
    int[] next = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    int[] counts = new int[1 << RADIX_BITS];
    for (int shift = 0; shift < Long.SIZE; shift += RADIX_BITS) {
      Arrays.fill(counts, 0);
      for (int k = 0; k < n; k++) {
        counts[(int) ((ids[order[k]] >>> shift) & RADIX_MASK)]++;
      }
      int total = 0;
      for (int b = 0; b < counts.length; b++) {
        int c = counts[b];
        counts[b] = total;
        total += c;
      }
      for (int k = 0; k < n; k++) {
        int i = order[k];
        next[counts[(int) ((ids[i] >>> shift) & RADIX_MASK)]++] = i;
      }
      int[] swap = order;
      order = next;
      next = swap;
    }
    return order;
  }

  private static final int RADIX_BITS = 11;
  private static final long RADIX_MASK = (1L << RADIX_BITS) - 1;

  private void tally(PairTally t, int c, int x, double favorableClass) {
    t.pair(score[c], decision[c], score[x], decision[x], label[c]);
    for (int a = 0; a < attributes.length; a++) {
      String group = groupNames.get(a).get(groups[a][c]);
      t.group(attributes[a], group, decision[c], decision[x], label[c], favorableClass);
    }
  }
}
