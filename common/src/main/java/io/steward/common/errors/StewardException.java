package io.steward.common.errors;

/**
 * A problem the user can fix: bad input, an unknown model, a missing table or version, a held lock.
 * The message is one line naming the thing, the problem and the fix. Instances are built only by
 * {@link Errors}, so that every message a user sees is written in one place.
 */
public class StewardException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  StewardException(String message) {
    super(message);
  }

  StewardException(String message, Throwable cause) {
    super(message, cause);
  }
}
