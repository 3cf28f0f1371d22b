/**
 * The benchmark: a generated night timed for the floor, Steward's nightly run and a naive Spark
 * program, with their figures checked against each other.
 */
package io.steward.jobs.bench;
