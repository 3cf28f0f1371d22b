package io.steward.jobs.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The order of the programs in a round: round r (from 0) starts at program r mod k and goes round
 * (floor, steward, sql; then steward, sql, floor; ...), so that no program always runs first, after
 * the same other program, or at the same moment of the machine's slow hours.
 */
final class Rotation {
  private Rotation() {}

  static <T> List<T> of(List<T> programs, int round) {
    if (round < 0) {
      throw new IllegalArgumentException("rounds are numbered from 0, got " + round);
    }
    List<T> order = new ArrayList<>(programs.size());
    for (int i = 0; i < programs.size(); i++) {
      order.add(programs.get((round + i) % programs.size()));
    }
    return order;
  }
}
