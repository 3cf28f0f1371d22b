package io.steward.common.errors;

/** Another process holds the warehouse write lock; the caller may wait and retry. */
public final class WarehouseLockedException extends StewardException {
  private static final long serialVersionUID = 1L;

  WarehouseLockedException(String message) {
    super(message);
  }
}
