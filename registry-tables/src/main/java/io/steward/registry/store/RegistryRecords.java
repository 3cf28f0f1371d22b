package io.steward.registry.store;

import io.steward.common.domain.EventType;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Rows of the registry tables as Java values. */
public final class RegistryRecords {
  private RegistryRecords() {}

  public record Model(
      String modelId,
      String name,
      String useCase,
      String successCriteria,
      List<String> dataSources,
      String owner,
      String riskTier,
      List<String> regulations,
      String stage,
      String championVersion,
      Instant createdAt,
      String createdBy,
      Instant updatedAt,
      String updatedBy) {
    public Model withStage(String newStage, String champion, Instant at, String by) {
      return new Model(
          modelId,
          name,
          useCase,
          successCriteria,
          dataSources,
          owner,
          riskTier,
          regulations,
          newStage,
          champion,
          createdAt,
          createdBy,
          at,
          by);
    }
  }

  public record Version(
      String modelId,
      String version,
      String stage,
      String trainingTable,
      long trainingVersion,
      Map<String, String> params,
      Map<String, Double> metrics,
      String runUri,
      String developer,
      String deploymentEnv,
      String endpoint,
      String dashboardUrl,
      Instant createdAt,
      Instant updatedAt) {
    public Version withStage(String newStage, Instant at) {
      return new Version(
          modelId,
          version,
          newStage,
          trainingTable,
          trainingVersion,
          params,
          metrics,
          runUri,
          developer,
          deploymentEnv,
          endpoint,
          dashboardUrl,
          createdAt,
          at);
    }
  }

  public record Artifact(
      String artifactId,
      String modelId,
      String version,
      String kind,
      String uri,
      String outcome,
      String note,
      Map<String, String> details,
      String addedBy,
      Instant addedAt) {}

  public record Grant(
      String user,
      String role,
      boolean active,
      String grantedBy,
      Instant grantedAt,
      String revokedBy,
      Instant revokedAt) {}

  /** A lifecycle event before it is chained: the log assigns seq, prev_hash and hash. */
  public record NewEvent(
      String actor,
      EventType eventType,
      String modelId,
      String version,
      String fromStage,
      String toStage,
      String reason,
      String evidence) {}

  /**
   * A lifecycle event as stored.
   *
   * @param eventType the stored event_type: an {@link EventType}'s name in every event Steward
   *     writes, kept as text so that a trail altered out of band is still read, and its alteration
   *     named
   * @param effect the rows the event's change writes, as {@link Effect#toJson} wrote them; null for
   *     an event that changes no table (a refusal, an approval) and for events written before the
   *     column existed
   */
  public record Event(
      long seq,
      String eventId,
      Instant at,
      String actor,
      String eventType,
      String modelId,
      String version,
      String fromStage,
      String toStage,
      String reason,
      String evidence,
      String prevHash,
      String hash,
      String effect) {
    public Event withHash(String newHash) {
      return new Event(
          seq, eventId, at, actor, eventType, modelId, version, fromStage, toStage, reason,
          evidence, prevHash, newHash, effect);
    }

    /**
     * The rows this event's change writes ({@link Effect}); empty for an event that only records.
     */
    public List<Effect> effects() {
      return Effect.fromJson(effect);
    }

    /** Whether this event is of type {@code t}. */
    public boolean is(EventType t) {
      return t.name().equals(eventType);
    }
  }
}
