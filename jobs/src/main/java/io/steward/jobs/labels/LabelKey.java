package io.steward.jobs.labels;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.xxhash64;

import org.apache.spark.sql.Column;

/**
 * The two 64-bit hashes a prediction id is joined to its label by. The first, Spark's xxhash64 of
 * the id as text, keys the index and the shuffle; the second, independent one guards the match: an
 * id is given a label only when both agree, so a wrong match needs two ids colliding on 128 bits.
 *
 * @param bits how many low bits of the first hash are kept: 64 in every run ({@link #FULL}); fewer
 *     only where a test needs distinct ids to share the first hash, which 64 bits make too rare to
 *     meet
 */
public record LabelKey(int bits) implements java.io.Serializable {
  /** The key of every run: both hashes whole. */
  public static final LabelKey FULL = new LabelKey(64);

  public LabelKey {
    if (bits < 1 || bits > 64) {
      throw new IllegalArgumentException("a key keeps 1 to 64 bits, not " + bits);
    }
  }

  /** The first hash of a prediction id (as text). */
  public Column first(Column pid) {
    Column h = xxhash64(pid);
    return bits == 64 ? h : h.bitwiseAND(lit((1L << bits) - 1));
  }

  /** The second, guarding hash of a prediction id (as text). */
  public Column guard(Column pid) {
    return xxhash64(lit("steward:labels-guard"), pid);
  }
}
