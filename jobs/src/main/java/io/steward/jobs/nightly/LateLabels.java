package io.steward.jobs.nightly;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.lit;

import io.steward.common.spec.MonitorSpec;
import io.steward.jobs.StewardContext;
import io.steward.registry.store.SourceTables;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Finds the earlier nights whose labels changed since the last successful run read the labels
 * table: the labels added, changed or removed between the two Delta versions, looked up in the log
 * over the lookback range by prediction id, among the predictions of every model in the log (a
 * labels table may serve several models; only the id and timestamp columns are read). Labels whose
 * id is not in that range are counted, not dropped silently. On a model's first run there is
 * nothing earlier to recompute. The labels table's version at the last successful run comes from
 * {@link io.steward.registry.store.JobRunStore#lastLabelVersions}.
 */
final class LateLabels {
  private LateLabels() {}

  /**
   * @param days the nights before the run's first whose labels changed, within the lookback
   * @param withoutPrediction changed labels whose prediction id the lookback range does not hold
   * @param lookup the lookup query, for counting its scans; null when nothing changed
   */
  record Changes(SortedSet<LocalDate> days, long withoutPrediction, Dataset<Row> lookup) {
    static final Changes NONE = new Changes(new TreeSet<>(), 0, null);
  }

  /**
   * @param log the model's log table at the run's version
   * @param labelsNow the labels table at the run's version
   */
  static Changes find(
      StewardContext ctx,
      MonitorSpec spec,
      Dataset<Row> log,
      Dataset<Row> labelsNow,
      long now,
      Long before,
      LocalDate first,
      LocalDate last) {
    if (before == null || before == now) {
      return Changes.NONE;
    }
    MonitorSpec.Labels l = spec.labels().orElseThrow();
    Dataset<Row> earlier = SourceTables.readAt(ctx.spark(), l.table(), before);
    Dataset<Row> a = labelRows(labelsNow, l);
    Dataset<Row> b = labelRows(earlier, l);
    Dataset<Row> changed = a.except(b).select("pid").union(b.except(a).select("pid")).distinct();

    MonitorSpec.Predictions p = spec.predictions();
    Column ts = col(p.timestamp()).cast("timestamp");
    LocalDate from = first.minusDays(spec.labelLookbackDays());
    Dataset<Row> predictions =
        log.where(
                ts.geq(lit(Timestamp.from(WindowPlan.start(from))))
                    .and(ts.lt(lit(Timestamp.from(WindowPlan.start(last.plusDays(1)))))))
            .select(
                col(p.predictionId()).cast("string").as("pid"), date_trunc("DAY", ts).as("day"));
    Dataset<Row> lookup =
        changed
            .join(predictions, changed.col("pid").equalTo(predictions.col("pid")), "left")
            .groupBy(col("day"))
            .agg(count_distinct(changed.col("pid")).as("labels"));
    List<Row> rows = lookup.collectAsList();
    SortedSet<LocalDate> days = new TreeSet<>();
    long unknown = 0;
    for (Row r : rows) {
      if (r.isNullAt(0)) {
        unknown += r.getLong(1);
        continue;
      }
      LocalDate day = r.getTimestamp(0).toInstant().atZone(ZoneOffset.UTC).toLocalDate();
      if (day.isBefore(first)) {
        days.add(day);
      }
    }
    return new Changes(days, unknown, lookup);
  }

  private static Dataset<Row> labelRows(Dataset<Row> labels, MonitorSpec.Labels l) {
    Column time = l.timestamp() == null ? lit(null).cast("timestamp") : col(l.timestamp());
    return labels.select(
        col(l.predictionId()).cast("string").as("pid"),
        col(l.label()).cast("string").as("label"),
        time.cast("timestamp").as("at"));
  }
}
