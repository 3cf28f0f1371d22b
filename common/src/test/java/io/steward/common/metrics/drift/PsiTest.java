package io.steward.common.metrics.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.steward.common.domain.FeatureType;
import io.steward.common.domain.PsiBand;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PSI and the per-feature rates from histograms, against values worked out by hand. */
class PsiTest {
  private static final double TOL = 1e-12;

  @Test
  void psiOfThreeBins() {
    // a = .3 .5 .2 against e = .25 .5 .25:
    // .05 ln 1.2 + 0 + (-.05) ln .8 = .0091160778 + .0111571776 = .0202732554
    assertEquals(
        0.02027325540540821,
        Psi.of(new long[] {30, 50, 20}, 0, 3, List.of(0.25, 0.5, 0.25), 100),
        TOL);
  }

  @Test
  void anEmptyBinCountsAsEpsilonAndSlotsPastTheArrayAsZero() {
    // bins at slots 2 and 3; slot 3 is past the array: a = 1, then 0 -> 1e-4, against e = .5 .5:
    // (1 - .5) ln 2 + (1e-4 - .5) ln(2e-4) = .3465735903 + 4.2577448763
    assertEquals(
        4.60431846666895, Psi.of(new long[] {7, 7, 100}, 2, 2, List.of(0.5, 0.5), 10), TOL);
  }

  @Test
  void noValuesOnEitherSideIsNoPsi() {
    assertNull(Psi.of(new long[] {0, 0}, 0, 2, List.of(0.5, 0.5), 10));
    assertNull(Psi.of(new long[] {3, 4}, 0, 2, List.of(0.5, 0.5), 0));
  }

  @Test
  void featureRatesFromOneHistogram() {
    // Numeric: edges {1, 2} -> 3 bins, then out-of-range, then missing: 6 + 3 + 1 = 10 rows.
    FeatureBaseline x =
        new FeatureBaseline(
            "x",
            FeatureType.NUMERIC,
            List.of(1.0, 2.0),
            null,
            null,
            0.0,
            3.0,
            List.of(0.25, 0.5, 0.25),
            100);
    // Categorical with every baseline category kept: {a} -> bins a, OTHER; unseen; missing.
    FeatureBaseline c =
        new FeatureBaseline(
            "c",
            FeatureType.CATEGORICAL,
            null,
            List.of("a"),
            List.of("a", "b"),
            null,
            null,
            List.of(0.5, 0.5),
            100);
    ModelBaseline m =
        new ModelBaseline("b1", "m", null, "delta.`/s`", 0L, 100L, Instant.EPOCH, List.of(x, c));
    long[] counts = {1, 4, 1, 3, 1, /* c: */ 4, 2, 2, 2};
    List<FeatureDrift> d = FeatureDrift.of(m, 10, counts);

    FeatureDrift fx = d.get(0);
    assertEquals(6, fx.nonMissingCount());
    assertEquals(0.1, fx.missingRate(), TOL); // 1 of 10 rows
    assertEquals(0.5, fx.outOfRangeRate(), TOL); // 3 of 6 values
    assertNull(fx.newCategoryRate());
    // a = 1/6, 4/6, 1/6 against .25 .5 .25
    // 2 (1/6 - 1/4) ln(2/3) + (2/3 - 1/2) ln(4/3) = .0675775 + .0479470
    assertEquals(0.11552453009332421, fx.psi(), TOL);
    assertEquals(PsiBand.MODERATE, fx.band()); // 0.1155

    FeatureDrift fc = d.get(1);
    assertEquals(6, fc.nonMissingCount());
    assertEquals(0.2, fc.missingRate(), TOL);
    assertNull(fc.outOfRangeRate());
    assertEquals(2 / 6.0, fc.newCategoryRate(), TOL);
  }

  @Test
  void aWindowWithoutRowsHasNoRates() {
    FeatureBaseline x =
        new FeatureBaseline(
            "x", FeatureType.NUMERIC, List.of(1.0), null, null, 0.0, 2.0, List.of(0.5, 0.5), 10);
    ModelBaseline m = new ModelBaseline("b1", "m", null, "t", 0L, 10L, Instant.EPOCH, List.of(x));
    FeatureDrift f = FeatureDrift.of(m, 0, new long[0]).get(0);
    assertNull(f.psi());
    assertNull(f.band());
    assertNull(f.missingRate());
    assertNull(f.outOfRangeRate());
    assertEquals(0, f.nonMissingCount());
  }
}
