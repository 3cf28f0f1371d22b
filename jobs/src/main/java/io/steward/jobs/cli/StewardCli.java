package io.steward.jobs.cli;

import io.steward.common.domain.StewardVersion;
import io.steward.common.errors.Errors;
import io.steward.common.errors.StewardException;
import java.io.PrintWriter;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code steward} command. Only {@link #main} exits the JVM: 0 success, 1 failure, 2 a problem
 * the user can fix (one line on stderr), 3 ran and raised alerts or triggers.
 */
@Command(
    name = "steward",
    mixinStandardHelpOptions = true,
    versionProvider = StewardCli.Version.class,
    description = "Governed model registry and nightly model monitoring on Spark and Delta Lake.",
    subcommands = {
      InitCommand.class,
      SqlCommand.class,
      MonitorCommand.class,
      BaselineCommand.class,
      NightlyCommand.class,
      AuditCommand.class,
      TriggerCommand.class,
      AlertCommand.class,
      DemoCommand.class,
      BenchCommand.class,
      PrincipalCommand.class,
      ModelCommand.class,
      ArtifactCommand.class,
      PolicyCommand.class,
      CatalogCommand.class
    })
public final class StewardCli {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USER_ERROR = 2;
  public static final int ALERTS = 3;

  public static void main(String[] args) {
    int code = run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    SparkSession.getActiveSession()
        .foreach(
            s -> {
              s.stop();
              return null;
            });
    System.exit(code);
  }

  /** Runs one command in this JVM and returns its exit code; tests call this. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new StewardCli());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parsed) -> {
          Throwable user = userError(e);
          if (user != null) {
            err.println("steward: error: " + user.getMessage());
            err.flush();
            return USER_ERROR;
          }
          err.println("steward: failed: " + Errors.oneLine(String.valueOf(e)));
          if (GlobalOptions.verboseRequested(parsed)) {
            e.printStackTrace(err);
          } else {
            err.println("(run again with --verbose for the stack trace)");
          }
          err.flush();
          return FAILED;
        });
    cli.setParameterExceptionHandler(
        (e, a) -> {
          err.println(
              "steward: error: "
                  + e.getMessage()
                  + " (see: steward "
                  + commandPath(e.getCommandLine())
                  + "--help)");
          err.flush();
          return USER_ERROR;
        });
    int code = cli.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /** The subcommand's path with a trailing space, or nothing for steward itself. */
  private static String commandPath(CommandLine c) {
    return c.getCommandSpec()
        .qualifiedName(" ")
        .replaceFirst("^steward ?", "")
        .replaceFirst("(.)$", "$1 ");
  }

  private static Throwable userError(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StewardException) {
        return t;
      }
    }
    return null;
  }

  /** Prints the build's version. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"steward " + StewardVersion.get()};
    }
  }
}
