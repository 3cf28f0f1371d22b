package io.steward.common.domain;

import io.steward.common.errors.Errors;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a writing command waits for the warehouse lock before it fails naming the holder; zero
 * (the default) fails at once. Written in hours, minutes and seconds ({@code 30s}, {@code 10m},
 * {@code 2h}, {@code 1h30m}) or in ISO-8601 ({@code PT5M}, {@code PT1H30M}).
 */
public record LockWait(Duration limit) {
  /** No waiting: a held lock fails the command at once. */
  public static final LockWait NONE = new LockWait(Duration.ZERO);

  /** What a written duration must look like, for error messages. */
  public static final String EXPECTED = "a duration such as 30s, 10m, 2h or PT5M";

  private static final Pattern SHORT =
      Pattern.compile("(?:(\\d{1,9})h)?(?:(\\d{1,9})m)?(?:(\\d{1,9})s)?");

  public LockWait {
    if (limit == null || limit.isNegative()) {
      throw new IllegalArgumentException("a lock wait is zero or more, not " + limit);
    }
  }

  /**
   * Reads a written duration.
   *
   * @param source what gave the text, named in the error ({@code --wait-lock})
   * @throws io.steward.common.errors.StewardException naming the source when the text is no
   *     duration or a negative one
   */
  public static LockWait parse(String source, String text) {
    String t = text == null ? "" : text.strip();
    Matcher m = SHORT.matcher(t);
    if (!t.isEmpty() && m.matches()) {
      return new LockWait(
          Duration.ofHours(number(m.group(1)))
              .plusMinutes(number(m.group(2)))
              .plusSeconds(number(m.group(3))));
    }
    Duration iso;
    try {
      iso = Duration.parse(t);
    } catch (DateTimeParseException e) {
      throw Errors.badArgument(source, text, EXPECTED);
    }
    if (iso.isNegative()) {
      throw Errors.badArgument(source, text, EXPECTED + ", not negative");
    }
    return new LockWait(iso);
  }

  private static long number(String digits) {
    return digits == null ? 0 : Long.parseLong(digits);
  }

  /** Whether a held lock is waited for at all. */
  public boolean waits() {
    return !limit.isZero();
  }

  /** The limit as people write it: {@code 10m}, {@code 1h30m}, {@code 45s}, {@code 0.5s}. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    if (limit.toHours() > 0) {
      s.append(limit.toHours()).append('h');
    }
    if (limit.toMinutesPart() > 0) {
      s.append(limit.toMinutesPart()).append('m');
    }
    int millis = limit.toMillisPart();
    if (limit.toSecondsPart() > 0 || millis > 0 || s.isEmpty()) {
      s.append(limit.toSecondsPart());
      if (millis > 0) {
        s.append('.').append(String.format(Locale.ROOT, "%03d", millis).replaceAll("0+$", ""));
      }
      s.append('s');
    }
    return s.toString();
  }
}
