/**
 * Performance metrics from counts: the AUC and its DeLong interval from positives and negatives per
 * score bin.
 */
package io.steward.common.metrics.performance;
