/**
 * The mergeable state one model version's window accumulates in the nightly run's single pass:
 * drift slots, performance sums, fairness counts, sketches, id hashes and rejections. Spark builds
 * it per partition and combines the partial states.
 */
package io.steward.common.metrics.window;
