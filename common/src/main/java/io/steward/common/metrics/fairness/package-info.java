/**
 * Fairness figures from counts: rates per group of a sensitive attribute with their intervals, and
 * the gaps between groups as Fairlearn defines them, small groups suppressed.
 */
package io.steward.common.metrics.fairness;
