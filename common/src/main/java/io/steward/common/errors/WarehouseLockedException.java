package io.steward.common.errors;

/** Another process holds the warehouse write lock; the caller may wait and retry. */
public final class WarehouseLockedException extends StewardException {
  WarehouseLockedException(String message) {
    super(message);
  }
}
