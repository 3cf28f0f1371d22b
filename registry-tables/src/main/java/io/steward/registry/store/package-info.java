/**
 * Typed reads and writes of the {@code steward.*} tables (registry, lifecycle trail, monitors,
 * baselines, job runs, results) and of the user's tables at a definite Delta version; each write is
 * one Delta commit.
 */
package io.steward.registry.store;
