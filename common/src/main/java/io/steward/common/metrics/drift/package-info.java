/**
 * A model's drift baseline and the histogram bins a value counts in: decile edges, top categories
 * and the numeric slots, built on the driver and used on the executors once per value.
 */
package io.steward.common.metrics.drift;
