package io.steward.jobs.cli;

import io.steward.registry.warehouse.Warehouse;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Options every command takes. The warehouse is, in order: {@code --warehouse}, then {@code
 * $STEWARD_WAREHOUSE}, then {@code ./warehouse}.
 */
public final class GlobalOptions {
  public static final String ENV_WAREHOUSE = "STEWARD_WAREHOUSE";
  public static final String DEFAULT_WAREHOUSE = "warehouse";

  @Option(
      names = "--warehouse",
      paramLabel = "PATH",
      description =
          "Warehouse location: a folder or a Hadoop URI (s3a://, abfss://, hdfs://)."
              + " Default: $STEWARD_WAREHOUSE, else ./warehouse.")
  String warehouse;

  @Option(names = "--verbose", description = "Show Spark's own logs and stack traces.")
  boolean verbose;

  /** Resolves the warehouse and applies the log level; call once at the start of a command. */
  Warehouse warehouse() {
    if (verbose) {
      Configurator.setRootLevel(Level.INFO);
    }
    String w = warehouse;
    if (w == null || w.isBlank()) {
      String env = System.getenv(ENV_WAREHOUSE);
      w = env == null || env.isBlank() ? DEFAULT_WAREHOUSE : env;
    }
    return new Warehouse(w);
  }

  static boolean verboseRequested(CommandLine.ParseResult parsed) {
    for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }
}
