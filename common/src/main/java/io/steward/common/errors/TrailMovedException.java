package io.steward.common.errors;

/**
 * The lifecycle trail moved under a command: another process claimed the event numbers this one was
 * about to write, or a change recorded on the trail had not landed in the tables this command read.
 * Nothing of this command's change was recorded. When {@link #retryable} the command can be run
 * again at once and decides on the new state; otherwise it had recorded earlier changes in the same
 * run and stops.
 */
public final class TrailMovedException extends StewardException {
  private static final long serialVersionUID = 1L;

  private final boolean retryable;

  TrailMovedException(String message, boolean retryable) {
    super(message);
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }

  /** The same, no longer retryable: the run had already recorded changes of its own. */
  public TrailMovedException midway() {
    return new TrailMovedException(
        getMessage() + " (this run had recorded earlier changes, which stand)", false);
  }
}
