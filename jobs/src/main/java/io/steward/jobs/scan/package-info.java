/**
 * The nightly run's one aggregation over a log table: planned on the driver, each row read once on
 * the executors from Spark's binary row into the states of its windows, the partial states merged
 * by window.
 */
package io.steward.jobs.scan;
