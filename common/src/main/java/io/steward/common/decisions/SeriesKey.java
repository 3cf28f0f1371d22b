package io.steward.common.decisions;

import io.steward.common.domain.ModelId;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.UUID;

/**
 * What one rule is evaluated on, night after night: a model version (null for the model-level rows
 * of freshness and completeness), a rule and a subject (see {@link Rule.Scope}). Its nights fold
 * into episodes ({@link EpisodeFold}).
 */
public record SeriesKey(ModelId modelId, String modelVersion, Rule rule, String subject) {
  public SeriesKey {
    if (modelId == null || rule == null || subject == null) {
      throw new IllegalArgumentException("a series needs a model, a rule and a subject");
    }
    if (modelVersion != null && modelVersion.isBlank()) {
      throw new IllegalArgumentException("a model version is null or not blank");
    }
    if ((rule.scope() == Rule.Scope.MODEL) != subject.isEmpty()) {
      throw new IllegalArgumentException(
          "rule "
              + rule.key()
              + " is per "
              + rule.scope()
              + " so its subject must "
              + (subject.isEmpty() ? "name the " + rule.scope() : "be empty")
              + ", not '"
              + subject
              + "'");
    }
  }

  /**
   * The id of the episode of this series whose first breaching night is {@code firstBreach}: a
   * name-based UUID (version 3) of the key and the night, so that a rerun or a backfill that finds
   * the same episode gives it the same id.
   */
  public String episodeId(LocalDate firstBreach) {
    String name =
        String.join(
            "\u0000",
            modelId.value(),
            modelVersion == null ? "" : modelVersion,
            rule.key(),
            subject,
            firstBreach.toString());
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
