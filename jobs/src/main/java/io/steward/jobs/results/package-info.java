/**
 * Figures from window states, and the four results tables: drift, performance, fairness and
 * operational figures computed on the executors, each table written in one Delta commit that
 * replaces the run's windows.
 */
package io.steward.jobs.results;
