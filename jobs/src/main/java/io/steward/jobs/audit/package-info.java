/**
 * The inventory audit: the traffic of every log table against the registry, the ZOMBIE and
 * UNREGISTERED triggers it raises and actions, and the portfolio report with its maturity score.
 */
package io.steward.jobs.audit;
