package io.steward.jobs.nightly;

import static org.apache.spark.sql.functions.lit;

import io.steward.common.domain.Granularity;
import io.steward.registry.store.ResultsStore;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.spark.sql.Column;

/**
 * The windows one nightly run computes: a DAY window for every night asked for and for every
 * earlier night whose labels changed; a WEEK window (ISO week, Monday 00:00 UTC) for every week
 * that closes on a night asked for (its Sunday), and for every closed week holding a night whose
 * labels changed. Weeks are computed from their rows in the same single scan as the nights.
 *
 * @param days the DAY windows, by their first day
 * @param weeks the WEEK windows, by their Monday
 */
public record WindowPlan(SortedSet<LocalDate> days, SortedSet<LocalDate> weeks) {

  public WindowPlan {
    days = new TreeSet<>(days);
    weeks = new TreeSet<>(weeks);
  }

  /** The windows of the nights first..last, plus those of earlier nights whose labels changed. */
  static WindowPlan of(LocalDate first, LocalDate last, SortedSet<LocalDate> relabeled) {
    SortedSet<LocalDate> days = new TreeSet<>(relabeled);
    SortedSet<LocalDate> weeks = new TreeSet<>();
    for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
      days.add(d);
      if (d.getDayOfWeek() == DayOfWeek.SUNDAY) {
        weeks.add(monday(d));
      }
    }
    for (LocalDate d : relabeled) {
      if (!monday(d).plusDays(6).isAfter(last)) {
        weeks.add(monday(d));
      }
    }
    return new WindowPlan(days, weeks);
  }

  /** The windows of one granularity, by their first day. */
  public SortedSet<LocalDate> starts(Granularity granularity) {
    return granularity == Granularity.DAY ? days : weeks;
  }

  static LocalDate monday(LocalDate d) {
    return d.minusDays(d.getDayOfWeek().getValue() - 1L);
  }

  /** Rows whose timestamp falls in any window of the plan, as merged half-open ranges. */
  public Column covers(Column ts) {
    Column any = null;
    for (Instant[] r : ranges()) {
      Column in = ts.geq(lit(Timestamp.from(r[0]))).and(ts.lt(lit(Timestamp.from(r[1]))));
      any = any == null ? in : any.or(in);
    }
    return any == null ? lit(false) : any;
  }

  /** The merged [start, end) ranges of all windows, in time order. */
  List<Instant[]> ranges() {
    SortedSet<LocalDate> covered = new TreeSet<>(days);
    for (LocalDate w : weeks) {
      for (int i = 0; i < 7; i++) {
        covered.add(w.plusDays(i));
      }
    }
    List<Instant[]> ranges = new ArrayList<>();
    for (LocalDate d : covered) {
      Instant s = start(d);
      Instant e = start(d.plusDays(1));
      if (!ranges.isEmpty() && ranges.get(ranges.size() - 1)[1].equals(s)) {
        ranges.get(ranges.size() - 1)[1] = e;
      } else {
        ranges.add(new Instant[] {s, e});
      }
    }
    return ranges;
  }

  public static Instant start(LocalDate d) {
    return d.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** The plan's windows of the given models, whose results rows the run replaces. */
  ResultsStore.RunWindows windows(List<String> models) {
    return new ResultsStore.RunWindows(models, days, weeks);
  }

  public static final long DAY_MICROS = 86_400_000_000L;

  /**
   * A column true for rows whose DAY (or WEEK) start, in microseconds since the epoch, is one of
   * the plan's.
   */
  public static Column isIn(Column windowStartMicros, SortedSet<LocalDate> starts) {
    return windowStartMicros.isin(
        starts.stream().map(d -> ChronoUnit.MICROS.between(Instant.EPOCH, start(d))).toArray());
  }
}
