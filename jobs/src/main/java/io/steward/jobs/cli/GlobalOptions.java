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
  private static final String SPARK_LOG_LEVEL = "spark.log.level";

  @Option(
      names = "--warehouse",
      paramLabel = "PATH",
      description =
          "Warehouse location: a folder or a Hadoop URI (s3a://, abfss://, hdfs://)."
              + " Default: $STEWARD_WAREHOUSE, else ./warehouse.")
  String warehouse;

  @Option(names = "--verbose", description = "Show Spark's own logs and stack traces.")
  boolean verbose;

  /**
   * Resolves the warehouse and applies the log level; call once at the start of a command. Under
   * spark-submit (which sets {@code spark.submit.deployMode}) Spark's default logging is INFO and
   * would bury the command's own lines on stderr, so unless --verbose or a {@code spark.log.level}
   * was given, the session is created at level ERROR, as the plain launcher's log4j2.properties has
   * it.
   */
  Warehouse warehouse() {
    if (verbose) {
      Configurator.setRootLevel(Level.INFO);
    } else if (System.getProperty("spark.submit.deployMode") != null
        && System.getProperty(SPARK_LOG_LEVEL) == null) {
      System.setProperty(SPARK_LOG_LEVEL, "ERROR");
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
