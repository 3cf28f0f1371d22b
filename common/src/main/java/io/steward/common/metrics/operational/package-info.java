/**
 * Operational metrics: a logarithmic quantile sketch for latencies and label lags, within 1% of
 * every value.
 */
package io.steward.common.metrics.operational;
