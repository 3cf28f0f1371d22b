package io.steward.jobs.scan;

import java.io.Serializable;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * A fixed map from text to an int, looked up with Spark's UTF-8 text as it sits in a row: open
 * addressing with linear probing over a power-of-two table at most half full, probed with the
 * text's own hash. Only the names and values travel to the executors; each builds its table on
 * first use. (A {@code HashMap<UTF8String, Integer>} shipped to the executors was found, in a
 * profile of the nightly scan, to spend a fifth of the scan's time in tree-bin lookups.)
 */
final class Utf8Lookup implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String[] names;
  private final int[] values;
  private transient UTF8String[] keys;
  private transient int[] slots;
  private transient int mask;

  /**
   * @param names distinct texts
   * @param values the value of each
   */
  Utf8Lookup(String[] names, int[] values) {
    if (names.length != values.length) {
      throw new IllegalArgumentException("a value per name is needed");
    }
    this.names = names.clone();
    this.values = values.clone();
  }

  /** The value of {@code text}, or {@code absent} when it is not in the table. */
  int get(UTF8String text, int absent) {
    if (keys == null) {
      build();
    }
    int i = text.hashCode() & mask;
    while (true) {
      UTF8String k = keys[i];
      if (k == null) {
        return absent;
      }
      if (k.equals(text)) {
        return slots[i];
      }
      i = (i + 1) & mask;
    }
  }

  private void build() {
    int size = Integer.highestOneBit(Math.max(4, names.length * 2 - 1)) << 1;
    UTF8String[] k = new UTF8String[size];
    int[] s = new int[size];
    int m = size - 1;
    for (int n = 0; n < names.length; n++) {
      UTF8String key = UTF8String.fromString(names[n]);
      int i = key.hashCode() & m;
      while (k[i] != null && !k[i].equals(key)) {
        i = (i + 1) & m;
      }
      k[i] = key;
      s[i] = values[n];
    }
    slots = s;
    mask = m;
    keys = k;
  }
}
