package io.steward.common.triggers;

/** Which part of a serving model the registry does not know. */
public enum UnregisteredReason {
  /** The model id is not in the registry. */
  UNKNOWN_MODEL("model not registered", "model registered"),
  /** The model is registered but this version is not. */
  UNKNOWN_VERSION("version not registered", "version added");

  private final String description;
  private final String answeredBy;

  UnregisteredReason(String description, String answeredBy) {
    this.description = description;
    this.answeredBy = answeredBy;
  }

  public String description() {
    return description;
  }

  /** The close reason recorded when the registry comes to know it. */
  public String answeredBy() {
    return answeredBy;
  }
}
