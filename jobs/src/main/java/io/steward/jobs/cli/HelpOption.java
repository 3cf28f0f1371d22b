package io.steward.jobs.cli;

import picocli.CommandLine.Option;

/**
 * {@code -h, --help} alone, for a command with an option of its own named {@code --version} (a
 * model version): picocli's standard help options would claim that name for the build's version,
 * and with it taken their {@code --help} no longer skips the required options.
 */
final class HelpOption {
  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;
}
