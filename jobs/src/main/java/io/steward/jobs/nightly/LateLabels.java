package io.steward.jobs.nightly;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.lit;

import io.steward.common.spec.MonitorSpec;
import io.steward.jobs.StewardContext;
import io.steward.registry.store.Appends;
import io.steward.registry.store.SourceTables;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

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

  /** Up to this many changed prediction ids are sent whole to every task of the lookup. */
  static final long BROADCAST_IDS = 250_000;

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
    long started = System.nanoTime();
    Optional<Appends.Files> appends = Appends.files(ctx.spark(), l.table(), before, now);
    String how =
        appends
            .map(f -> "read from the " + f.names().size() + " file(s) appended since")
            .orElse("the two versions compared in full: the commits since did more than append");
    Dataset<Row> changed =
        appends
            .map(files -> appended(ctx, l, now, files))
            .orElseGet(() -> compared(ctx, l, labelsNow, before))
            .where(col("pid").isNotNull())
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long count = changed.count();
      if (count == 0) {
        ctx.progress(
            "late labels: none in "
                + l.table().sql()
                + " since version "
                + before
                + " ("
                + how
                + ")");
        return Changes.NONE;
      }
      MonitorSpec.Predictions p = spec.predictions();
      Column ts = col(p.timestamp()).cast("timestamp");
      LocalDate from = first.minusDays(spec.labelLookbackDays());
      Dataset<Row> predictions =
          log.where(
                  ts.geq(lit(Timestamp.from(WindowPlan.start(from))))
                      .and(ts.lt(lit(Timestamp.from(WindowPlan.start(last.plusDays(1)))))))
              .select(
                  col(p.predictionId()).cast("string").as("pid"), date_trunc("DAY", ts).as("day"));
      // The changed ids are usually the night's new labels: few enough to send to every task,
      // so the log's rows are looked up where they are read, never shuffled.
      Dataset<Row> ids = count <= BROADCAST_IDS ? broadcast(changed) : changed;
      // Per night, the changed ids its predictions hold; the row of a null night is the total of
      // ids found, so that the ids no prediction holds are counted, not dropped.
      Dataset<Row> lookup =
          predictions
              .join(ids, "pid")
              .rollup(col("day"))
              .agg(count_distinct(col("pid")).as("labels"));
      List<Row> rows = lookup.collectAsList();
      SortedSet<LocalDate> days = new TreeSet<>();
      long found = 0;
      for (Row r : rows) {
        if (r.isNullAt(0)) {
          found = r.getLong(1);
          continue;
        }
        LocalDate day = r.getTimestamp(0).toInstant().atZone(ZoneOffset.UTC).toLocalDate();
        if (day.isBefore(first)) {
          days.add(day);
        }
      }
      ctx.progress(
          "late labels: "
              + count
              + " new or changed label(s) in "
              + l.table().sql()
              + " since version "
              + before
              + " ("
              + how
              + "), looked up in the log from "
              + from
              + ": "
              + days.size()
              + " earlier night(s) to recompute, in "
              + String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - started) / 1e9));
      return new Changes(days, count - found, lookup);
    } finally {
      changed.unpersist();
    }
  }

  /**
   * The prediction ids of the labels in the data files that the commits since the last run
   * appended: the labels that arrived since. A label sent again unchanged counts as arrived (its
   * night is recomputed, to the same figures).
   */
  private static Dataset<Row> appended(
      StewardContext ctx, MonitorSpec.Labels l, long now, Appends.Files files) {
    if (files.names().isEmpty()) {
      return ctx.spark().emptyDataFrame().select(lit(null).cast("string").as("pid"));
    }
    Dataset<Row> rows;
    if (files.plain()) {
      // Only these files are opened.
      rows = ctx.spark().read().parquet(files.paths().toArray(String[]::new));
    } else {
      // Partition values or mapped column names: Delta's reader, every file listed but only
      // these rows kept.
      rows =
          ctx.spark()
              .sql(
                  "SELECT *, _metadata.file_name AS `__file` FROM "
                      + l.table().sql()
                      + " VERSION AS OF "
                      + now)
              .where(col("__file").isin(files.names().toArray()));
    }
    return rows.select(col(l.predictionId()).cast("string").as("pid")).distinct();
  }

  /**
   * The prediction ids whose labels differ between the two versions: added, changed or removed.
   * Both versions are read in full; used when the commits between them did more than append.
   */
  private static Dataset<Row> compared(
      StewardContext ctx, MonitorSpec.Labels l, Dataset<Row> labelsNow, long before) {
    Dataset<Row> earlier = SourceTables.readAt(ctx.spark(), l.table(), before);
    Dataset<Row> a = labelRows(labelsNow, l);
    Dataset<Row> b = labelRows(earlier, l);
    return a.except(b).select("pid").union(b.except(a).select("pid")).distinct();
  }

  private static Dataset<Row> labelRows(Dataset<Row> labels, MonitorSpec.Labels l) {
    Column time = l.timestamp() == null ? lit(null).cast("timestamp") : col(l.timestamp());
    return labels.select(
        col(l.predictionId()).cast("string").as("pid"),
        col(l.label()).cast("string").as("label"),
        time.cast("timestamp").as("at"));
  }
}
