/**
 * The picocli commands: each parses its options, calls one action and reports its result. Only
 * {@link io.steward.jobs.cli.StewardCli#main} exits the JVM.
 */
package io.steward.jobs.cli;
