package io.steward.jobs.bench;

import io.steward.common.domain.TimeWindow;
import io.steward.jobs.StewardContext;
import io.steward.jobs.nightly.NightlyAction;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A program the bench times, each in child JVMs of its own ({@link RunOne}).
 *
 * <p>To add a program (the SQL rival, say): add one constant here (its command-line name is its
 * name in lower case, words joined by a hyphen), whether it runs when {@code --programs} is not
 * given, how its figures of the night are compared with Steward's after the rounds (an {@link
 * Agreement.Scope}, null when it computes none) and its run method. Nothing else changes: {@code
 * --programs}, the rounds, the report and the results file find it by its name ({@code sql} fills
 * the results file's {@code sql_*} columns and the last line's {@code sql/steward}).
 */
public enum Program implements CliName {
  /** One union scan of the night's log tables, every column aggregated; labels read at once. */
  FLOOR(true, null) {
    @Override
    Map<String, Double> run(StewardContext ctx, BenchData data) {
      Floors.scan(ctx, data);
      return Map.of();
    }
  },
  /** The floor's scan with each row given its label, the way Steward looks labels up. */
  FLOOR_LABELS(true, null) {
    @Override
    Map<String, Double> run(StewardContext ctx, BenchData data) {
      Floors.scanWithLabels(ctx, data);
      return Map.of();
    }
  },
  /** Steward's nightly run of the night, every metric, results written. */
  STEWARD(true, null) {
    /**
     * On a history's Sunday, a batch of late labels for the previous nights arrives first, as it
     * would between two nightly runs: every run of the night then recomputes those nights.
     */
    @Override
    void prepare(StewardContext ctx, BenchData data) {
      data.appendLateLabels(ctx.spark());
    }

    @Override
    Map<String, Double> run(StewardContext ctx, BenchData data) {
      NightlyAction.run(
          ctx, new NightlyAction.Params(TimeWindow.night(data.shape().night()), List.of()));
      return Map.of();
    }
  },
  /**
   * The competent rival ({@link SqlRival}): every figure Steward writes for the night, from one
   * label join and a few exploded aggregations; compared with Steward's figure by figure.
   */
  SQL(true, Agreement.Scope.EVERY) {
    @Override
    Map<String, Double> run(StewardContext ctx, BenchData data) {
      return SqlRival.figures(ctx.spark(), data, Naive.baselines(ctx, data), ctx::progress);
    }
  },
  /** The loop-heavy program ({@link Naive}): about ten minutes at 10M, so only when asked. */
  NAIVE_LOOP(false, Agreement.Scope.RIVAL_KEYS) {
    @Override
    Map<String, Double> run(StewardContext ctx, BenchData data) {
      return Naive.figures(ctx, data);
    }
  };

  /** Whether it runs when {@code --programs} is not given. */
  final boolean byDefault;

  /** How its figures of the night are compared with Steward's; null when it computes none. */
  final Agreement.Scope compared;

  /** Whether it computes the night's figures, compared with Steward's after the rounds. */
  final boolean figures;

  Program(boolean byDefault, Agreement.Scope compared) {
    this.byDefault = byDefault;
    this.compared = compared;
    this.figures = compared != null;
  }

  /** Runs the program once in this JVM; returns its figures (empty when it computes none). */
  abstract Map<String, Double> run(StewardContext ctx, BenchData data);

  /** What comes before each run, untimed; nothing but for Steward on a history. */
  void prepare(StewardContext ctx, BenchData data) {}

  /** Whether it computes the night's figures, compared with Steward's after the rounds. */
  public boolean computesFigures() {
    return figures;
  }

  /** Its columns' prefix in the results file: {@code floor_labels}, {@code naive_loop}. */
  String column() {
    return cliName().replace('-', '_');
  }

  /** The programs that run when none are named. */
  public static List<Program> defaults() {
    return Arrays.stream(values()).filter(p -> p.byDefault).toList();
  }
}
