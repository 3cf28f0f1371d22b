package io.steward.jobs.bench;

import io.steward.common.errors.Errors;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An enum whose constants are named on the command line in lower case, words joined by a hyphen:
 * {@code FLOOR_LABELS} is {@code floor-labels}.
 */
public interface CliName {
  /** The constant's name (implemented by every enum). */
  String name();

  /** The name on the command line. */
  default String cliName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The constant of a command-line name, if there is one. */
  static <E extends Enum<E> & CliName> Optional<E> named(Class<E> type, String cli) {
    return Arrays.stream(type.getEnumConstants()).filter(e -> e.cliName().equals(cli)).findFirst();
  }

  /** Every command-line name, for messages: "arrival, date, clustered". */
  static <E extends Enum<E> & CliName> String names(Class<E> type) {
    return Arrays.stream(type.getEnumConstants())
        .map(CliName::cliName)
        .collect(Collectors.joining(", "));
  }

  /**
   * The constant an option names, or the user error naming the option, the value and every name.
   */
  static <E extends Enum<E> & CliName> E parse(Class<E> type, String option, String value) {
    return parse(type, option, value, "one of");
  }

  /** The same, for an option that takes a list: {@code expected} is "a list of". */
  static <E extends Enum<E> & CliName> E parse(
      Class<E> type, String option, String value, String expected) {
    return named(type, value)
        .orElseThrow(() -> Errors.badArgument(option, value, expected + ": " + names(type)));
  }
}
