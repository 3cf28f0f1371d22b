/**
 * The benchmark: a generated night on which the floors, Steward's nightly run and rival programs
 * are each timed in fresh child JVMs over rotated rounds, with their memory peaks and figures
 * checked against each other.
 */
package io.steward.jobs.bench;
