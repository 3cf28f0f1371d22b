package io.steward.common.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.steward.common.decisions.ThresholdsParser;
import io.steward.common.domain.ModelId;
import io.steward.common.domain.ProblemType;
import io.steward.common.errors.Errors;
import io.steward.common.metrics.shadow.ShadowThresholds;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a monitor spec from YAML text and checks everything that can be checked without reading a
 * table: required keys, value shapes, unknown keys (so that a typo is an error, not a silently
 * ignored setting) and features declared twice. Column existence and types are checked against the
 * tables' schemas by {@code SpecSchemaCheck} in the jobs module.
 */
public final class MonitorSpecParser {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static final List<String> TOP_KEYS =
      List.of(
          "model_id",
          "problem_type",
          "predictions",
          "labels",
          "features",
          "slices",
          "baseline",
          "decision_threshold",
          "favorable_prediction",
          "min_group_size",
          "label_lookback_days",
          "capacity_per_minute",
          "freshness_sla_hours",
          "ok_status",
          "shadow",
          "thresholds");
  private static final List<String> PREDICTION_KEYS =
      List.of(
          "table",
          "timestamp",
          "model_id",
          "model_version",
          "prediction_id",
          "score",
          "prediction",
          "label",
          "latency_ms",
          "status",
          "source");
  private static final List<String> LABEL_KEYS =
      List.of("table", "prediction_id", "label", "timestamp");
  private static final List<String> FEATURE_KEYS = List.of("numeric", "categorical");
  private static final List<String> SLICE_KEYS = List.of("protected", "intersections", "other");
  private static final List<String> BASELINE_KEYS = List.of("table", "version", "label", "score");
  private static final List<String> SHADOW_KEYS =
      List.of(
          "table",
          "champion",
          "max_disagreement",
          "max_score_psi",
          "max_mean_abs_diff",
          "min_pairs",
          "parity_floor",
          "watch_nights");

  private final String source;

  private MonitorSpecParser(String source) {
    this.source = source;
  }

  /**
   * @param source how to name the spec in messages, usually its file name
   * @param yaml the spec's text
   */
  public static MonitorSpec parse(String source, String yaml) {
    return new MonitorSpecParser(source).parse(yaml);
  }

  private MonitorSpec parse(String yaml) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (IOException e) {
      throw Errors.specUnreadable(source, e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw Errors.specUnreadable(source, "the document is not a mapping of keys to values");
    }
    checkKeys(root, "", TOP_KEYS);

    String modelId = requiredText(root, "model_id", "the model's id, for example credit_limit");
    if (!ModelId.isValid(modelId)) {
      throw Errors.specBadValue(source, "model_id", modelId, "[a-z0-9_]{1,64}");
    }
    String problem = requiredText(root, "problem_type", "binary_classification or regression");
    ProblemType problemType;
    try {
      problemType = ProblemType.valueOf(problem.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw Errors.specBadValue(
          source, "problem_type", problem, "binary_classification or regression");
    }

    JsonNode p = requiredObject(root, "predictions", "the prediction log's table and columns");
    checkKeys(p, "predictions.", PREDICTION_KEYS);
    MonitorSpec.Predictions predictions =
        new MonitorSpec.Predictions(
            requiredTable(p, "predictions.table"),
            requiredColumn(p, "predictions.timestamp", "the event time column"),
            optionalColumn(p, "predictions.model_id"),
            requiredColumn(p, "predictions.model_version", "the model version column"),
            requiredColumn(p, "predictions.prediction_id", "the unique prediction id column"),
            optionalColumn(p, "predictions.score"),
            optionalColumn(p, "predictions.prediction"),
            optionalColumn(p, "predictions.label"),
            optionalColumn(p, "predictions.latency_ms"),
            optionalColumn(p, "predictions.status"),
            optionalColumn(p, "predictions.source"));
    if (predictions.score() == null && predictions.prediction() == null) {
      throw Errors.specMissingKey(
          source, "predictions.score", "a score or a prediction column is needed");
    }

    Optional<MonitorSpec.Labels> labels = Optional.empty();
    JsonNode l = root.get("labels");
    if (l != null && !l.isNull()) {
      requireObject(l, "labels");
      checkKeys(l, "labels.", LABEL_KEYS);
      labels =
          Optional.of(
              new MonitorSpec.Labels(
                  requiredTable(l, "labels.table"),
                  requiredColumn(l, "labels.prediction_id", "the prediction id column"),
                  requiredColumn(l, "labels.label", "the ground truth column"),
                  optionalColumn(l, "labels.timestamp")));
    }

    JsonNode f = requiredObject(root, "features", "numeric: [...] and/or categorical: [...]");
    checkKeys(f, "features.", FEATURE_KEYS);
    MonitorSpec.Features features =
        new MonitorSpec.Features(
            columnList(f, "features.numeric"), columnList(f, "features.categorical"));
    if (features.all().isEmpty()) {
      throw Errors.specMissingKey(
          source, "features.numeric", "at least one numeric or categorical feature");
    }
    checkDistinct("features", features.all());

    MonitorSpec.Slices slices = new MonitorSpec.Slices(List.of(), List.of(), List.of());
    JsonNode s = root.get("slices");
    if (s != null && !s.isNull()) {
      requireObject(s, "slices");
      checkKeys(s, "slices.", SLICE_KEYS);
      List<String> protectedColumns = columnList(s, "slices.protected");
      slices =
          new MonitorSpec.Slices(
              protectedColumns, intersections(s, protectedColumns), columnList(s, "slices.other"));
    }

    JsonNode b = requiredObject(root, "baseline", "the training snapshot the drift compares to");
    checkKeys(b, "baseline.", BASELINE_KEYS);
    Long version = null;
    JsonNode v = b.get("version");
    if (v != null && !v.isNull()) {
      if (!v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < 0) {
        throw Errors.specBadValue(source, "baseline.version", v.asText(), "a Delta version >= 0");
      }
      version = v.asLong();
    }
    MonitorSpec.Baseline baseline =
        new MonitorSpec.Baseline(
            requiredTable(b, "baseline.table"),
            version,
            optionalColumn(b, "baseline.label"),
            optionalColumn(b, "baseline.score"));

    double threshold = 0.5;
    JsonNode t = root.get("decision_threshold");
    if (t != null && !t.isNull()) {
      if (!t.isNumber() || t.asDouble() < 0 || t.asDouble() > 1) {
        throw Errors.specBadValue(source, "decision_threshold", t.asText(), "a number in [0, 1]");
      }
      threshold = t.asDouble();
    }
    String favorable = "1";
    JsonNode fav = root.get("favorable_prediction");
    if (fav != null && !fav.isNull()) {
      if (!fav.isValueNode()) {
        throw Errors.specBadValue(
            source, "favorable_prediction", fav.toString(), "a single value, for example 1");
      }
      favorable = fav.asText();
    }
    int minGroup = 30;
    JsonNode g = root.get("min_group_size");
    if (g != null && !g.isNull()) {
      if (!g.isIntegralNumber() || g.asInt() < 1) {
        throw Errors.specBadValue(source, "min_group_size", g.asText(), "a whole number >= 1");
      }
      minGroup = g.asInt();
    }

    int lookback = MonitorSpec.DEFAULT_LABEL_LOOKBACK_DAYS;
    JsonNode lb = root.get("label_lookback_days");
    if (lb != null && !lb.isNull()) {
      if (!lb.isIntegralNumber() || lb.asInt() < 0 || lb.asInt() > 366) {
        throw Errors.specBadValue(
            source, "label_lookback_days", lb.asText(), "a whole number of days from 0 to 366");
      }
      lookback = lb.asInt();
    }
    MonitorSpec.Operations operations =
        new MonitorSpec.Operations(
            positiveNumber(root, "capacity_per_minute", "predictions per minute, above 0"),
            positiveNumber(root, "freshness_sla_hours", "hours, above 0"),
            okStatus(root));
    if (problemType == ProblemType.BINARY_CLASSIFICATION
        && !BINARY_CLASSES.contains(favorable.toLowerCase(Locale.ROOT))) {
      throw Errors.specBadValue(
          source, "favorable_prediction", favorable, "1 or 0 for a binary classifier");
    }

    return new MonitorSpec(
        new ModelId(modelId),
        problemType,
        predictions,
        labels,
        features,
        slices,
        baseline,
        threshold,
        favorable,
        minGroup,
        lookback,
        operations,
        shadow(root, problemType, predictions),
        ThresholdsParser.layer("monitor spec " + source, "thresholds", root.get("thresholds")),
        yaml);
  }

  private static final Set<String> BINARY_CLASSES = Set.of("0", "1", "0.0", "1.0", "true", "false");

  /** The {@code shadow:} block; empty when the spec has none. */
  private Optional<MonitorSpec.Shadow> shadow(
      JsonNode root, ProblemType problemType, MonitorSpec.Predictions predictions) {
    JsonNode n = root.get("shadow");
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    requireObject(n, "shadow");
    checkKeys(n, "shadow.", SHADOW_KEYS);
    if (problemType != ProblemType.BINARY_CLASSIFICATION || predictions.score() == null) {
      throw Errors.specBadValue(
          source,
          "shadow",
          "a shadow block",
          "a binary classifier with a predictions.score column (shadow comparisons pair scores)");
    }
    ShadowThresholds d = ShadowThresholds.DEFAULTS;
    TableRef table = n.hasNonNull("table") ? requiredTable(n, "shadow.table") : null;
    String champion = null;
    if (n.hasNonNull("champion")) {
      champion = requiredText(n, "shadow.champion", "the champion's model version");
    }
    ShadowThresholds thresholds =
        new ShadowThresholds(
            share(n, "shadow.max_disagreement", d.maxDisagreement()),
            number(n, "shadow.max_score_psi", d.maxScorePsi()),
            share(n, "shadow.max_mean_abs_diff", d.maxMeanAbsDiff()),
            whole(n, "shadow.min_pairs", d.minPairs(), 1, Integer.MAX_VALUE),
            share(n, "shadow.parity_floor", d.parityFloor()));
    int watch = (int) whole(n, "shadow.watch_nights", MonitorSpec.DEFAULT_WATCH_NIGHTS, 1, 366);
    return Optional.of(new MonitorSpec.Shadow(table, champion, thresholds, watch));
  }

  private double share(JsonNode parent, String key, double otherwise) {
    JsonNode v = parent.get(leaf(key));
    if (v == null || v.isNull()) {
      return otherwise;
    }
    if (!v.isNumber() || v.asDouble() < 0 || v.asDouble() > 1) {
      throw Errors.specBadValue(source, key, v.asText(), "a number in [0, 1]");
    }
    return v.asDouble();
  }

  private double number(JsonNode parent, String key, double otherwise) {
    JsonNode v = parent.get(leaf(key));
    if (v == null || v.isNull()) {
      return otherwise;
    }
    if (!v.isNumber() || v.asDouble() < 0 || Double.isInfinite(v.asDouble())) {
      throw Errors.specBadValue(source, key, v.asText(), "a number >= 0");
    }
    return v.asDouble();
  }

  private long whole(JsonNode parent, String key, long otherwise, long min, long max) {
    JsonNode v = parent.get(leaf(key));
    if (v == null || v.isNull()) {
      return otherwise;
    }
    if (!v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
      throw Errors.specBadValue(
          source, key, v.asText(), "a whole number from " + min + " to " + max);
    }
    return v.asLong();
  }

  private Double positiveNumber(JsonNode root, String key, String expected) {
    JsonNode n = root.get(key);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isNumber() || !(n.asDouble() > 0) || Double.isInfinite(n.asDouble())) {
      throw Errors.specBadValue(source, key, n.asText(), expected);
    }
    return n.asDouble();
  }

  private List<String> okStatus(JsonNode root) {
    JsonNode n = root.get("ok_status");
    if (n == null || n.isNull()) {
      return List.of("OK");
    }
    if (!n.isArray() || n.isEmpty()) {
      throw Errors.specBadValue(
          source, "ok_status", n.toString(), "a list of status values meaning success, like [OK]");
    }
    List<String> values = new ArrayList<>();
    for (JsonNode item : n) {
      if (!item.isValueNode() || item.isNull()) {
        throw Errors.specBadValue(source, "ok_status", item.toString(), "a list of values");
      }
      values.add(item.asText());
    }
    return values;
  }

  private List<List<String>> intersections(JsonNode slices, List<String> protectedColumns) {
    JsonNode n = slices.get("intersections");
    if (n == null || n.isNull()) {
      return List.of();
    }
    String key = "slices.intersections";
    String expected = "a list of lists of two or more protected columns, like [[gender, age_band]]";
    if (!n.isArray()) {
      throw Errors.specBadValue(source, key, n.toString(), expected);
    }
    List<List<String>> all = new ArrayList<>();
    for (JsonNode item : n) {
      if (!item.isArray() || item.size() < 2) {
        throw Errors.specBadValue(source, key, item.toString(), expected);
      }
      List<String> columns = new ArrayList<>();
      for (JsonNode c : item) {
        String column = c.asText().strip();
        if (!c.isTextual() || !protectedColumns.contains(column)) {
          throw Errors.specBadValue(
              source, key, c.toString(), "one of the protected columns " + protectedColumns);
        }
        columns.add(column);
      }
      checkDistinct(key, columns);
      all.add(columns);
    }
    return all;
  }

  private void checkKeys(JsonNode node, String prefix, List<String> allowed) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw Errors.specUnknownKey(source, prefix + name, allowed);
      }
    }
  }

  private static String leaf(String key) {
    return key.substring(key.lastIndexOf('.') + 1);
  }

  private JsonNode requiredObject(JsonNode parent, String key, String hint) {
    JsonNode node = parent.get(key);
    if (node == null || node.isNull()) {
      throw Errors.specMissingKey(source, key, hint);
    }
    requireObject(node, key);
    return node;
  }

  private void requireObject(JsonNode node, String key) {
    if (!node.isObject()) {
      throw Errors.specBadValue(source, key, node.asText(), "a mapping of keys to values");
    }
  }

  private String requiredText(JsonNode parent, String key, String hint) {
    JsonNode node = parent.get(leaf(key));
    if (node == null || node.isNull() || node.asText().isBlank()) {
      throw Errors.specMissingKey(source, key, hint);
    }
    if (!node.isValueNode()) {
      throw Errors.specBadValue(source, key, node.toString(), "a single value");
    }
    return node.asText().strip();
  }

  private String requiredColumn(JsonNode parent, String key, String hint) {
    String column = requiredText(parent, key, hint);
    checkColumnName(key, column);
    return column;
  }

  private String optionalColumn(JsonNode parent, String key) {
    JsonNode node = parent.get(leaf(key));
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual() || node.asText().isBlank()) {
      throw Errors.specBadValue(source, key, node.asText(), "a column name");
    }
    String column = node.asText().strip();
    checkColumnName(key, column);
    return column;
  }

  private void checkColumnName(String key, String column) {
    if (column.contains("`") || column.contains(".")) {
      throw Errors.specBadValue(
          source, key, column, "a top-level column name without dots or backticks");
    }
  }

  private TableRef requiredTable(JsonNode parent, String key) {
    String text =
        requiredText(parent, key, "a Delta path written delta.`/path` or a catalog table name");
    TableRef ref = TableRef.parse(text);
    if (ref == null) {
      throw Errors.specBadValue(
          source, key, text, "a Delta path written delta.`/path` or a catalog table name");
    }
    return ref;
  }

  private List<String> columnList(JsonNode parent, String key) {
    JsonNode node = parent.get(leaf(key));
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw Errors.specBadValue(source, key, node.asText(), "a list of column names, like [a, b]");
    }
    List<String> columns = new ArrayList<>();
    for (JsonNode item : node) {
      if (!item.isTextual() || item.asText().isBlank()) {
        throw Errors.specBadValue(source, key, item.toString(), "a list of column names");
      }
      String column = item.asText().strip();
      checkColumnName(key, column);
      columns.add(column);
    }
    checkDistinct(key, columns);
    return columns;
  }

  private void checkDistinct(String key, List<String> columns) {
    Set<String> seen = new HashSet<>();
    for (String c : columns) {
      if (!seen.add(c.toLowerCase(Locale.ROOT))) {
        throw Errors.specBadValue(source, key, c, "declared once (it is listed twice)");
      }
    }
  }
}
