package io.steward.common.metrics.drift;

/** Receives the histogram slots a feature value counts in. */
@FunctionalInterface
public interface SlotSink {
  void count(int slot);
}
