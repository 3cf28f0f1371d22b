/**
 * 95% confidence intervals (Wilson, Newcombe, Katz, normal) computed from counts and sums, so that
 * they can be filled in from aggregates.
 */
package io.steward.common.metrics.stats;
