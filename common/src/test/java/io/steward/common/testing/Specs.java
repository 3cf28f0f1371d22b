package io.steward.common.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The monitor specs of the tests of every module, written by one builder: a test names only what
 * its spec differs in (tables, columns, label block, slices, baseline, thresholds) and {@link
 * Builder#yaml()} writes the YAML in the documented key order.
 */
public final class Specs {
  private Specs() {}

  /** A valid spec of every block: a binary classifier with late labels, slices and a baseline. */
  public static final String VALID =
      binary("credit_limit")
          .predictions("delta.`/data/log`")
          .column("prediction", "decision")
          .labels("bank.outcomes")
          .numeric("income", "utilization")
          .categorical("region")
          .protectedSlices("gender")
          .baseline("delta.`/data/train`")
          .baselineVersion(12)
          .set("decision_threshold", 0.4)
          .set("min_group_size", 50)
          .yaml();

  /** The spec name of a Delta table at a path. */
  public static String delta(Object path) {
    return "delta.`" + path + "`";
  }

  /**
   * A binary classifier whose predictions have {@code event_ts}, {@code model_id}, {@code
   * model_version}, {@code prediction_id} and {@code score}, and whose baseline score is {@code
   * score}.
   */
  public static Builder binary(String modelId) {
    return new Builder(modelId, "binary_classification")
        .column("score", "score")
        .baselineScore("score");
  }

  /** A regression model whose predictions have the key columns and no score. */
  public static Builder regression(String modelId) {
    return new Builder(modelId, "regression");
  }

  /** One monitor spec under construction; {@link #yaml()} may be called any number of times. */
  public static final class Builder {
    private final String modelId;
    private final String problemType;
    private String predictions;
    private final Map<String, String> columns = new LinkedHashMap<>();
    private String labels;
    private String labelTimestamp;
    private List<String> numeric;
    private List<String> categorical;
    private List<String> protectedSlices;
    private final List<List<String>> intersections = new ArrayList<>();
    private List<String> otherSlices;
    private String baseline;
    private Long baselineVersion;
    private String baselineLabel;
    private String baselineScore;
    private final Map<String, Object> settings = new LinkedHashMap<>();

    private Builder(String modelId, String problemType) {
      this.modelId = modelId;
      this.problemType = problemType;
      columns.put("timestamp", "event_ts");
      columns.put("model_id", "model_id");
      columns.put("model_version", "model_version");
      columns.put("prediction_id", "prediction_id");
    }

    /** The predictions table, as the spec names it (see {@link Specs#delta}). */
    public Builder predictions(String table) {
      this.predictions = table;
      return this;
    }

    /** Maps a predictions key to a column, replacing the key's column if it has one. */
    public Builder column(String key, String column) {
      columns.put(key, column);
      return this;
    }

    /** Leaves a predictions key out. */
    public Builder withoutColumn(String key) {
      columns.remove(key);
      return this;
    }

    /** A labels block: the table, joined on {@code prediction_id}, label {@code outcome}. */
    public Builder labels(String table) {
      this.labels = table;
      return this;
    }

    /** The labels block's {@code timestamp} (when each label arrived). */
    public Builder labelTimestamp(String column) {
      this.labelTimestamp = column;
      return this;
    }

    public Builder numeric(String... columns) {
      this.numeric = List.of(columns);
      return this;
    }

    public Builder categorical(String... columns) {
      this.categorical = List.of(columns);
      return this;
    }

    public Builder protectedSlices(String... columns) {
      this.protectedSlices = List.of(columns);
      return this;
    }

    /** Adds one intersection of protected attributes. */
    public Builder intersection(String... columns) {
      intersections.add(List.of(columns));
      return this;
    }

    public Builder otherSlices(String... columns) {
      this.otherSlices = List.of(columns);
      return this;
    }

    /** The baseline table, as the spec names it. */
    public Builder baseline(String table) {
      this.baseline = table;
      return this;
    }

    public Builder baselineVersion(long version) {
      this.baselineVersion = version;
      return this;
    }

    public Builder baselineLabel(String column) {
      this.baselineLabel = column;
      return this;
    }

    /** The baseline's score column; {@code null} leaves it out. */
    public Builder baselineScore(String column) {
      this.baselineScore = column;
      return this;
    }

    /** A top-level setting such as {@code decision_threshold} or {@code min_group_size}. */
    public Builder set(String key, Object value) {
      settings.put(key, value);
      return this;
    }

    /** The spec as YAML. */
    public String yaml() {
      StringBuilder y = new StringBuilder();
      line(y, "", "model_id", modelId);
      line(y, "", "problem_type", problemType);
      y.append("predictions:\n");
      line(y, "  ", "table", predictions);
      columns.forEach((k, v) -> line(y, "  ", k, v));
      if (labels != null) {
        y.append("labels:\n");
        line(y, "  ", "table", labels);
        line(y, "  ", "prediction_id", "prediction_id");
        line(y, "  ", "label", "outcome");
        line(y, "  ", "timestamp", labelTimestamp);
      }
      if (numeric != null || categorical != null) {
        y.append("features:\n");
        line(y, "  ", "numeric", list(numeric));
        line(y, "  ", "categorical", list(categorical));
      }
      if (protectedSlices != null || !intersections.isEmpty() || otherSlices != null) {
        y.append("slices:\n");
        line(y, "  ", "protected", list(protectedSlices));
        if (!intersections.isEmpty()) {
          line(
              y,
              "  ",
              "intersections",
              intersections.stream()
                  .map(Builder::list)
                  .collect(Collectors.joining(", ", "[", "]")));
        }
        line(y, "  ", "other", list(otherSlices));
      }
      if (baseline != null) {
        y.append("baseline:\n");
        line(y, "  ", "table", baseline);
        line(y, "  ", "version", baselineVersion);
        line(y, "  ", "label", baselineLabel);
        line(y, "  ", "score", baselineScore);
      }
      settings.forEach((k, v) -> line(y, "", k, v));
      return y.toString();
    }

    private static String list(List<String> values) {
      return values == null ? null : values.stream().collect(Collectors.joining(", ", "[", "]"));
    }

    private static void line(StringBuilder y, String indent, String key, Object value) {
      if (value != null) {
        y.append(indent).append(key).append(": ").append(value).append('\n');
      }
    }
  }
}
