package io.steward.jobs.demo;

import io.steward.common.domain.PsiBand;
import io.steward.common.domain.TimeWindow;
import io.steward.common.metrics.fairness.FairnessSummary;
import io.steward.jobs.StewardContext;
import io.steward.registry.store.ResultsHistory;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The demo's portfolio summary: one line per model of what its nights show (rows, worst drift,
 * performance against the baseline, the fairness gap, latency and freshness), beside its risk tier,
 * the lifecycle stage its walk left it at and what the demo injected. The figures come from {@link
 * ResultsHistory}; the driver joins them by model.
 */
public final class PortfolioSummary {
  private PortfolioSummary() {}

  /** The least label coverage of the night whose performance the summary reports. */
  static final double LABEL_COVERAGE = 0.5;

  /**
   * One line of the portfolio summary.
   *
   * @param perfMetric auc for a classifier, rmse for a regression; null without labelled nights
   * @param perfNight the latest night with at least {@link #LABEL_COVERAGE} of its labels
   * @param fairnessRatio the lowest demographic parity ratio of the latest night, or null
   * @param latencyP95 the latest night's p95 latency (ms), and the first night's
   * @param freshnessHours the latest night's freshness, and its SLA
   */
  public record ModelSummary(
      String modelId,
      String riskTier,
      String stage,
      long rows,
      String worstFeature,
      Double worstPsi,
      String worstBand,
      LocalDate firstSignificant,
      String perfMetric,
      Double perfValue,
      Double perfBaseline,
      LocalDate perfNight,
      String fairnessAttribute,
      Double fairnessRatio,
      Double latencyP95,
      Double latencyP95First,
      Double freshnessHours,
      Double freshnessSla,
      String injected) {}

  /** The summary of every model with drift figures in the window, in model id order. */
  static List<ModelSummary> of(
      StewardContext ctx,
      TimeWindow window,
      List<DemoCatalog.Model> models,
      Map<String, DemoGovernance.Walked> walked) {
    ResultsHistory history = new ResultsHistory(ctx.spark(), ctx.warehouse(), window);
    List<ResultsHistory.ModelDrift> drift = history.drift();
    Map<String, ResultsHistory.NightPerformance> perf =
        history.latestPerformance(List.of("auc", "rmse"), LABEL_COVERAGE);
    Map<String, ResultsHistory.LowestAttribute> fairness =
        history.lowestFairnessOnLatestNight(FairnessSummary.DEMOGRAPHIC_PARITY_RATIO);
    Map<String, ResultsHistory.FirstAndLatest> latency =
        history.versionMetricFirstAndLatest("latency_p95");
    Map<String, ResultsHistory.ValueAndThreshold> freshness =
        history.modelMetricLatest("freshness_hours");

    List<ModelSummary> out = new ArrayList<>();
    for (ResultsHistory.ModelDrift d : drift) {
      String id = d.modelId();
      DemoCatalog.Model m =
          models.stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
      Double psi = d.worstPsi();
      ResultsHistory.NightPerformance pf = perf.get(id);
      ResultsHistory.LowestAttribute fr = fairness.get(id);
      ResultsHistory.FirstAndLatest lat = latency.get(id);
      ResultsHistory.ValueAndThreshold fresh = freshness.get(id);
      out.add(
          new ModelSummary(
              id,
              m.riskTier(),
              walked.containsKey(id) ? walked.get(id).stage() : null,
              d.rows(),
              d.worstFeature(),
              psi,
              psi == null ? null : PsiBand.of(psi).name(),
              d.firstSignificant(),
              pf == null ? null : pf.metric(),
              pf == null ? null : pf.value(),
              pf == null ? null : pf.baseline(),
              pf == null ? null : pf.night(),
              fr == null ? null : fr.attribute(),
              fr == null ? null : fr.value(),
              lat == null ? null : lat.latest(),
              lat == null ? null : lat.first(),
              fresh == null ? null : fresh.value(),
              fresh == null ? null : fresh.threshold(),
              m.injected()));
    }
    return out;
  }
}
