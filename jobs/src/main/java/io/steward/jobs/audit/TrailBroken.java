package io.steward.jobs.audit;

/**
 * The audit found the lifecycle events' hash chain broken: an event altered, removed or inserted
 * out of band. The audit adds nothing to such a trail and fails (exit 1): it is not bad input, and
 * the trail needs a person's investigation before anything is appended to it.
 */
public final class TrailBroken extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param where the first event that breaks the chain, as {@code EventLog.verify} names it
   */
  public TrailBroken(String where) {
    super(where);
  }
}
