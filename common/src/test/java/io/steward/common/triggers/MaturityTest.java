package io.steward.common.triggers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The maturity level from its sub-scores, at and around each boundary. */
class MaturityTest {
  private static Maturity score(int registered, int monitored, int tuned, int inTime, int quiet) {
    return Maturity.score(
        new Maturity.Counts(10, registered, 20, monitored, 10, tuned, 10, inTime, 20, quiet));
  }

  @Test
  void levels() {
    assertEquals(Maturity.Level.AUTOMATED, score(10, 19, 8, 9, 19).level());
    assertEquals(Maturity.Level.REPEATABLE, score(9, 16, 8, 10, 20).level(), "coverage 0.8");
    assertEquals(Maturity.Level.REPEATABLE, score(10, 20, 10, 8, 20).level(), "late triggers");
    assertEquals(Maturity.Level.REPEATABLE, score(10, 20, 10, 10, 18).level(), "retired serving");
    assertEquals(Maturity.Level.MANUAL, score(8, 20, 10, 10, 20).level(), "unregistered traffic");
    assertEquals(Maturity.Level.MANUAL, score(10, 15, 10, 10, 20).level(), "coverage 0.75");
    assertEquals(Maturity.Level.MANUAL, score(10, 20, 7, 10, 20).level(), "default thresholds");
    assertEquals(2, Maturity.Level.REPEATABLE.number());
  }

  @Test
  void subScores() {
    Maturity m = score(9, 16, 8, 9, 19);
    assertEquals(
        "inventory 0.9, coverage 0.8, thresholds 0.8, triggers_in_time 0.9, retirement 0.95",
        String.join(", ", m.subScores().stream().map(s -> s.name() + " " + s.value()).toList()));
    Maturity empty = Maturity.score(new Maturity.Counts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
    assertEquals(Maturity.Level.AUTOMATED, empty.level(), "nothing to count counts as met");
    assertEquals(
        "coverage: 3 of 2 is not a share",
        assertThrows(
                IllegalArgumentException.class,
                () -> new Maturity.SubScore("coverage", Maturity.Level.REPEATABLE, 3, 2))
            .getMessage());
  }
}
