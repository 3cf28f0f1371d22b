package io.steward.jobs.nightly;

import static org.apache.spark.sql.functions.col;

import io.steward.common.domain.Granularity;
import io.steward.jobs.results.WindowResults;
import io.steward.jobs.scan.WindowInputs;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * The run's summary by model version and night ({@link NightlyAction.ModelNight}): the most drifted
 * feature with the night's headline figures. Driver: collects a few drift rows per model.
 */
final class ModelNights {
  private ModelNights() {}

  /** The most drifted feature of each model version and night (a few rows per model). */
  static List<NightlyAction.ModelNight> of(WindowResults results) {
    Map<VersionNight, NightlyAction.ModelNight> best = new LinkedHashMap<>();
    for (Row r :
        results
            .drift()
            .select(
                "model_id",
                "model_version",
                "window_start",
                "row_count",
                "feature",
                "psi",
                "psi_band")
            .where(col(WindowInputs.GRANULARITY).equalTo(Granularity.DAY.name()))
            .orderBy("model_id", "model_version", "window_start", "feature")
            .collectAsList()) {
      LocalDate night = r.getTimestamp(2).toInstant().atZone(ZoneOffset.UTC).toLocalDate();
      VersionNight key = new VersionNight(r.getString(0), r.getString(1), night);
      Double psi = r.isNullAt(5) ? null : r.getDouble(5);
      NightlyAction.ModelNight current = best.get(key);
      if (current == null
          || (psi != null && (current.worstPsi() == null || psi > current.worstPsi()))) {
        WindowResults.Headline h = results.headline(r.getString(0), r.getString(1), night);
        best.put(
            key,
            new NightlyAction.ModelNight(
                r.getString(0),
                r.getString(1),
                night,
                r.getLong(3),
                r.getString(4),
                psi,
                r.getString(6),
                h == null ? null : h.metric(),
                h == null ? null : h.value(),
                h == null ? null : h.labelCoverage(),
                h == null ? null : h.latencyP95(),
                h == null ? null : h.errorRate()));
      }
    }
    return new ArrayList<>(best.values());
  }

  /** A model version's night (the version may be null). */
  private record VersionNight(String model, String version, LocalDate night) {}
}
