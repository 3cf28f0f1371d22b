package io.steward.common.decisions;

import io.steward.common.domain.ModelId;
import java.time.LocalDate;

/**
 * One night's figure for one rule, as read from a results row.
 *
 * @param modelVersion null for a model-level row (freshness, completeness)
 * @param subject the feature, the protected attribute ({@code gender}, optionally {@code gender=F}
 *     for a group) or empty for the model, as {@link Rule.Scope} says
 * @param night the DAY window's start date
 * @param value the row's value; null when the row has none
 * @param ciLow the low end of the row's 95% interval, or null (then so is {@code ciHigh})
 * @param ciHigh the high end of the row's interval, or null
 * @param n the labelled rows the value rests on, or null when the row does not say
 * @param baseline the version's baseline value, for the rules against the baseline; else null
 * @param evidence names the row, as {@code table[key=value, ...]}, for example {@code
 *     feature_drift[run_id=r1, model_version=v1, window_start=2026-03-01, feature=income]}
 */
public record Observation(
    ModelId modelId,
    String modelVersion,
    Rule rule,
    String subject,
    LocalDate night,
    Double value,
    Double ciLow,
    Double ciHigh,
    Long n,
    Double baseline,
    String evidence) {
  public Observation {
    new SeriesKey(modelId, modelVersion, rule, subject); // checks the subject against the scope
    if (night == null || evidence == null || evidence.isBlank()) {
      throw new IllegalArgumentException("an observation needs its night and its evidence");
    }
    if ((ciLow == null) != (ciHigh == null) || (ciLow != null && !(ciLow <= ciHigh))) {
      throw new IllegalArgumentException(
          "an interval needs both ends, low <= high: [" + ciLow + ", " + ciHigh + "]");
    }
    if (n != null && n < 0) {
      throw new IllegalArgumentException("labelled rows cannot be negative: " + n);
    }
  }

  /** The series this observation belongs to. */
  public SeriesKey key() {
    return new SeriesKey(modelId, modelVersion, rule, subject);
  }
}
