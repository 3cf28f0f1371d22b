package io.steward.common.domain;

import java.util.Locale;

/** How a feature is binned for drift. */
public enum FeatureType {
  NUMERIC,
  CATEGORICAL;

  public String sqlName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static FeatureType fromSqlName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
