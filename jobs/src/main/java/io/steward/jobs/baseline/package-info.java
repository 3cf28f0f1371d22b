/**
 * A model's drift baseline, built from its training snapshot at a pinned Delta version by two scans
 * on the executors; the driver receives only per-feature statistics.
 */
package io.steward.jobs.baseline;
