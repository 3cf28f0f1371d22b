package io.steward.common.domain;

import java.util.Locale;

/** What a model predicts. */
public enum ProblemType {
  BINARY_CLASSIFICATION,
  REGRESSION;

  public String specName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
