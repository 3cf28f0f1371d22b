/**
 * The monitor spec: its YAML parsed and checked for everything that needs no table (required and
 * unknown keys, shapes), and where the tables it names live. Columns are checked against the tables
 * in {@code io.steward.jobs.monitor}.
 */
package io.steward.common.spec;
