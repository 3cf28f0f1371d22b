package io.steward.jobs.nightly;

import io.steward.common.domain.TimeWindow;
import io.steward.common.metrics.window.Rejection;
import io.steward.common.spec.MonitorSpec;
import io.steward.jobs.StewardContext;
import io.steward.jobs.labels.LabelSource;
import io.steward.jobs.labels.LabelSources;
import io.steward.jobs.scan.ScanCounter;
import io.steward.registry.store.JobRun;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A log table's scan with the windows it computes: the nights asked for and the earlier nights
 * whose late labels changed ({@link LateLabels}), and the labels sources its rows join. Driver: the
 * late-label lookups run here, one per labels table of the scan.
 *
 * @param roots the log table's file roots, for counting the scans of it
 * @param lookupScans how many times the late-label lookups scanned the log table
 * @param labelSources each labelled model's source number in the run's {@link LabelSources}
 * @param unlabelled changed labels whose prediction the lookback range does not hold, by models
 */
record ScanPlan(
    LogScan scan,
    WindowPlan plan,
    Set<String> roots,
    int lookupScans,
    Map<String, Integer> labelSources,
    List<JobRun.Rejected> unlabelled) {

  ScanPlan {
    labelSources = Collections.unmodifiableMap(new LinkedHashMap<>(labelSources));
    unlabelled = List.copyOf(unlabelled);
  }

  /**
   * Finds the scan's relabelled nights and registers the labels its models join.
   *
   * @param previous the labels tables' versions at the last successful run, by table
   */
  static ScanPlan of(
      StewardContext ctx,
      LogScan scan,
      Map<String, LabelsRead> labels,
      Map<String, Long> previous,
      TimeWindow window,
      LabelSources sources) {
    SortedSet<LocalDate> relabeled = new TreeSet<>();
    List<JobRun.Rejected> unlabelled = new ArrayList<>();
    int lookups = 0;
    Set<String> roots = ScanCounter.roots(scan.rows());
    // One lookup per labels table of the scan, against every model's predictions in the table
    // (a labels table shared by models holds the labels of all of them).
    Map<String, List<MonitorSpec>> byLabels = new LinkedHashMap<>();
    for (MonitorSpec s : scan.specs()) {
      LabelsRead l = labels.get(s.modelId().value());
      if (l != null) {
        byLabels.computeIfAbsent(l.table().sql(), k -> new ArrayList<>()).add(s);
      }
    }
    for (List<MonitorSpec> sharing : byLabels.values()) {
      MonitorSpec first =
          sharing.stream()
              .max(Comparator.comparingInt(MonitorSpec::labelLookbackDays))
              .orElseThrow();
      LabelsRead l = labels.get(first.modelId().value());
      LateLabels.Changes changes =
          LateLabels.find(
              ctx,
              first,
              scan.rows(),
              l.rows(),
              l.version(),
              previous.get(l.table().sql()),
              window.first(),
              window.last());
      relabeled.addAll(changes.days());
      if (changes.withoutPrediction() > 0) {
        unlabelled.add(
            new JobRun.Rejected(
                sharing.stream().map(x -> x.modelId().value()).collect(Collectors.joining(",")),
                Rejection.LABEL_WITHOUT_PREDICTION.reason(),
                changes.withoutPrediction()));
      }
      if (changes.lookup() != null) {
        lookups += ScanCounter.count(changes.lookup(), roots);
      }
    }
    WindowPlan plan = WindowPlan.of(window.first(), window.last(), relabeled);

    // The latest label of each prediction id, from the scan's first window on.
    Map<String, Integer> byModel = new LinkedHashMap<>();
    for (MonitorSpec s : scan.specs()) {
      LabelsRead l = labels.get(s.modelId().value());
      if (l != null) {
        byModel.put(
            s.modelId().value(),
            sources.add(
                l.table().sql(), l.rows(), s.labels().orElseThrow(), plan.ranges().get(0)[0]));
      }
    }
    return new ScanPlan(scan, plan, roots, lookups, byModel, unlabelled);
  }

  /** Each labelled model's prepared label source, by model id. */
  Map<String, LabelSource> labelSources(LabelSources sources) {
    Map<String, LabelSource> out = new LinkedHashMap<>();
    labelSources.forEach((m, j) -> out.put(m, sources.get(j)));
    return out;
  }

  /** The nights before the ones asked for that the plan recomputes for late labels. */
  long relabelled(TimeWindow window) {
    return plan.days().stream().filter(d -> d.isBefore(window.first())).count();
  }
}
