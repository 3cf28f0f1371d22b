package io.steward.jobs.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * The representative run from which the launcher ({@code scripts/steward}) records its
 * class-data-sharing archive: the JVM runs this once per build with {@code
 * -XX:ArchiveClassesAtExit}, and every later command starts from the classes it loaded. It runs, in
 * one JVM on the driver, what most commands do: {@code init} of a scratch warehouse (Delta table
 * creation and commits), a model registration (registry reads and appends), the registry reads of
 * {@code model list}, {@code model show}, {@code principal list} and {@code model verify-trail},
 * and a {@code sql} query over a Delta table (Spark jobs on local executors). Its stdout is
 * discarded; a failing step prints that step's output and exits 1, so that no archive is kept from
 * a run that did not load what commands load.
 */
public final class ArchiveTraining {
  private ArchiveTraining() {}

  private static final String MODEL = "archive_training";

  /** Runs the steps against the scratch warehouse {@code args[0]} (created by {@code init}). */
  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: ArchiveTraining SCRATCH_WAREHOUSE_DIR");
      System.exit(StewardCli.USER_ERROR);
    }
    String failed = run(Path.of(args[0]));
    SparkSession.getActiveSession()
        .foreach(
            s -> {
              s.stop();
              return null;
            });
    if (failed != null) {
      System.err.println(failed);
      System.exit(StewardCli.FAILED);
    }
    System.exit(StewardCli.OK);
  }

  /** The steps, each a command line of {@code steward} without the warehouse option. */
  static List<List<String>> steps() {
    return List.of(
        List.of("init"),
        List.of(
            "model",
            "register",
            "--id",
            MODEL,
            "--name",
            "Archive training",
            "--owner",
            "steward",
            "--risk-tier",
            "LOW",
            "--use-case",
            "Loads the classes commands load",
            "--success-criteria",
            "auc>=0.5"),
        List.of("model", "list"),
        List.of("model", "show", "--id", MODEL),
        List.of("principal", "list"),
        List.of("model", "verify-trail"),
        List.of("sql", "SELECT count(*) AS models FROM steward.models"));
  }

  /**
   * Runs every step against {@code warehouse}; returns null when all exit 0, else the failing
   * step's command line, exit code and stderr.
   */
  static String run(Path warehouse) {
    for (List<String> step : steps()) {
      List<String> args = new ArrayList<>(step);
      args.add("--warehouse");
      args.add(warehouse.toString());
      StringWriter err = new StringWriter();
      int code =
          StewardCli.run(
              new PrintWriter(Writer.nullWriter()),
              new PrintWriter(err),
              args.toArray(String[]::new));
      if (code != StewardCli.OK) {
        return "steward " + String.join(" ", args) + " exited " + code + "\n" + err;
      }
    }
    return null;
  }
}
