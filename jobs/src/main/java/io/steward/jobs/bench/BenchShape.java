package io.steward.jobs.bench;

import java.nio.file.Path;
import java.time.LocalDate;

/**
 * The generated portfolio's shape and the night measured in it: what {@code steward bench} and the
 * children it starts ({@code bench run-one}) are given alike.
 *
 * @param rows predictions in the measured night, over all models (and in each night of a history)
 * @param models models, five per log table
 * @param numeric numeric features per model
 * @param categorical categorical features per model
 * @param historyNights nights in the log tables; 0 for the night alone
 * @param layout how a history's log tables are laid out
 * @param historyNight which night of a history is measured
 */
public record BenchShape(
    long rows,
    int models,
    int numeric,
    int categorical,
    int historyNights,
    LogLayout layout,
    HistoryNight historyNight) {

  public BenchShape {
    if (layout == null || historyNight == null) {
      throw new IllegalArgumentException("a bench shape needs its layout and measured night");
    }
  }

  /** The night alone: no history. */
  public static BenchShape alone(long rows, int models, int numeric, int categorical) {
    return new BenchShape(
        rows, models, numeric, categorical, 0, LogLayout.ARRIVAL, HistoryNight.SUNDAY);
  }

  /** The night alone, a Monday; a history's first night is the Monday before its last. */
  static final LocalDate NIGHT = LocalDate.of(2026, 3, 2);

  /** The last night in the log tables: {@link #NIGHT} alone, or the Sunday closing its week. */
  LocalDate lastNight() {
    return historyNights == 0 ? NIGHT : NIGHT.plusDays(6);
  }

  /** The night measured: the last, or the Saturday before it ({@link HistoryNight#SATURDAY}). */
  LocalDate night() {
    return historyNights > 0 && historyNight == HistoryNight.SATURDAY
        ? lastNight().minusDays(1)
        : lastNight();
  }

  /** Whether late labels arrive before each run of the measured night. */
  boolean lateLabels() {
    return historyNights > 0 && historyNight == HistoryNight.SUNDAY;
  }

  /** The data's folder under {@code dir}. */
  BenchData data(Path dir) {
    return new BenchData(dir.resolve("data").toString(), this);
  }
}
