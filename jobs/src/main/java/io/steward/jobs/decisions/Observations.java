package io.steward.jobs.decisions;

import io.steward.common.decisions.Observation;
import io.steward.common.decisions.Rule;
import io.steward.common.domain.ModelId;
import io.steward.common.spec.MonitorSpec;
import io.steward.registry.store.RuleRows;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a stored results row into the observations its rules judge: an AUC row feeds both AUC
 * rules, the score's PSI row feeds {@code score_psi} (and no feature rule), a model-level
 * operational row feeds only the model-level rules (freshness, completeness), a version row only
 * the others. Pure; runs on the driver.
 */
public final class Observations {
  private Observations() {}

  /** The observations of one row; none when no rule reads it. */
  public static List<Observation> of(RuleRows.Figure f) {
    List<Observation> out = new ArrayList<>();
    boolean score = MonitorSpec.SCORE_FEATURE.equals(f.subject());
    boolean modelLevel = f.modelVersion() == null;
    for (Rule r : Rule.values()) {
      if (!r.resultTable().equals(f.table()) || !r.metric().equals(f.metric())) {
        continue;
      }
      if ((r == Rule.SCORE_PSI && !score) || (r.scope() == Rule.Scope.FEATURE && score)) {
        continue;
      }
      boolean operational = r.resultTable().equals(Rule.FRESHNESS_HOURS.resultTable());
      if (operational && modelLevel(r) != modelLevel) {
        continue;
      }
      out.add(
          new Observation(
              new ModelId(f.modelId()),
              f.modelVersion(),
              r,
              r.scope() == Rule.Scope.MODEL ? "" : f.subject(),
              f.night(),
              f.value(),
              f.ciLow(),
              f.ciHigh(),
              f.n(),
              f.baseline(),
              f.evidence()));
    }
    return out;
  }

  /** The rules read from the rows without a model version. */
  private static boolean modelLevel(Rule r) {
    return r == Rule.FRESHNESS_HOURS || r == Rule.COMPLETENESS;
  }
}
