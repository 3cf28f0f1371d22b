package io.steward.jobs.labels;

import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;

/**
 * The user-defined functions by which a scan's rows find their labels in the executor's {@link
 * LabelIndex} of a source: {@link Find} the position of an id's label, {@link Field} a field of it.
 * They run on executors, loading the index on first use ({@link LabelIndexes}).
 */
final class LabelLookup {
  private LabelLookup() {}

  /** The position of the id's label in the executor's index, -1 when it has none. */
  static final class Find implements UDF2<Long, Long, Integer> {
    private static final long serialVersionUID = 1L;

    private final LabelIndexes.Source source;
    private transient LabelIndex index;

    Find(LabelIndexes.Source source) {
      this.source = source;
    }

    @Override
    public Integer call(Long hash1, Long hash2) {
      if (index == null) {
        index = LabelIndexes.of(source);
      }
      return index.find(hash1, hash2);
    }
  }

  /** A field of the label at a position found by {@link Find} (null for -1). */
  static final class Field implements UDF1<Integer, Object> {
    private static final long serialVersionUID = 1L;

    enum Which {
      LABEL,
      TIME,
      COPIES
    }

    private final LabelIndexes.Source source;
    private final Which which;
    private transient LabelIndex index;

    Field(LabelIndexes.Source source, Which which) {
      this.source = source;
      this.which = which;
    }

    @Override
    public Object call(Integer at) {
      if (at == null || at < 0) {
        return null;
      }
      if (index == null) {
        index = LabelIndexes.of(source);
      }
      return switch (which) {
        case LABEL -> index.label(at);
        case TIME -> index.time(at);
        case COPIES -> index.copies(at);
      };
    }
  }
}
