/**
 * The nightly run over one night or a range: on the driver it reads the registry, plans the windows
 * (late-labelled nights and closing weeks included) and records the run, then has each log table
 * scanned once and its figures written.
 */
package io.steward.jobs.nightly;
