package io.steward.common.domain;

/** The usual reading of a PSI value: below 0.1 stable, below 0.25 moderate, else significant. */
public enum PsiBand {
  STABLE(0.0),
  MODERATE(0.1),
  SIGNIFICANT(0.25);

  private final double lowerBound;

  PsiBand(double lowerBound) {
    this.lowerBound = lowerBound;
  }

  /** The smallest PSI that falls in this band. */
  public double lowerBound() {
    return lowerBound;
  }

  public static PsiBand of(double psi) {
    if (psi >= SIGNIFICANT.lowerBound) {
      return SIGNIFICANT;
    }
    return psi >= MODERATE.lowerBound ? MODERATE : STABLE;
  }
}
