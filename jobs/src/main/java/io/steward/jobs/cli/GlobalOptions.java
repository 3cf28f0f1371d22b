package io.steward.jobs.cli;

import io.steward.common.domain.LockWait;
import io.steward.registry.warehouse.Warehouse;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Options every command takes. The warehouse is, in order: {@code --warehouse}, then {@code
 * $STEWARD_WAREHOUSE}, then {@code ./warehouse}; the wait for the warehouse lock {@code
 * --wait-lock}, then {@code $STEWARD_WAIT_LOCK}, then none.
 */
public final class GlobalOptions {
  public static final String ENV_WAREHOUSE = "STEWARD_WAREHOUSE";
  public static final String DEFAULT_WAREHOUSE = "warehouse";
  public static final String ENV_WAIT_LOCK = "STEWARD_WAIT_LOCK";
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

  @Option(
      names = "--wait-lock",
      paramLabel = "DURATION",
      description =
          "When another steward process holds the warehouse's write lock, wait up to this long"
              + " (30s, 10m, 2h, PT5M) for it instead of failing at once."
              + " Default: $STEWARD_WAIT_LOCK, else no wait.")
  String waitLock;

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

  /** How long a writing command waits for the warehouse lock; a bad duration fails (exit 2). */
  LockWait lockWait() {
    return lockWait(waitLock, System.getenv(ENV_WAIT_LOCK));
  }

  /**
   * @param option the value of {@code --wait-lock}, null when not given
   * @param env the value of {@code $STEWARD_WAIT_LOCK}, null when not set
   */
  static LockWait lockWait(String option, String env) {
    if (option != null) {
      return LockWait.parse("--wait-lock", option);
    }
    if (env != null && !env.isBlank()) {
      return LockWait.parse("--wait-lock (from $" + ENV_WAIT_LOCK + ")", env);
    }
    return LockWait.NONE;
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
