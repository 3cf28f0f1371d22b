package io.steward.common.domain;

import java.util.Locale;

/** What a principal may do. */
public enum Role {
  OWNER,
  DEVELOPER,
  VALIDATOR,
  APPROVER,
  COMMITTEE,
  PLATFORM_ADMIN;

  public static Role parse(String text) {
    try {
      return valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      return null;
    }
  }
}
