package io.steward.common.domain;

import java.util.regex.Pattern;

/** A model's identifier: lower-case letters, digits and underscores, 1 to 64 characters. */
public record ModelId(String value) {
  private static final Pattern VALID = Pattern.compile("[a-z0-9_]{1,64}");

  public ModelId {
    if (value == null || !VALID.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "model id '" + value + "' must match [a-z0-9_]{1,64}, for example credit_limit");
    }
  }

  public static boolean isValid(String value) {
    return value != null && VALID.matcher(value).matches();
  }

  @Override
  public String toString() {
    return value;
  }
}
