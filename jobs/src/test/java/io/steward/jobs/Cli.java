package io.steward.jobs;

import io.steward.jobs.cli.StewardCli;
import io.steward.registry.testing.TestSpark;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.security.PrivilegedAction;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.security.UserGroupInformation;

/** Runs the steward command line in this JVM, on the shared test Spark session. */
public final class Cli {
  private Cli() {}

  /** What one run printed and returned. */
  public record Run(int code, String out, String err) {
    /** The last line on stderr: where a user error is printed. */
    public String lastErr() {
      List<String> lines = err.lines().toList();
      return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  /** Runs as another Hadoop user, the way the actor of registry commands is decided. */
  public static Run runAs(String user, String warehouse, String... args) {
    return UserGroupInformation.createRemoteUser(user)
        .doAs((PrivilegedAction<Run>) () -> run(warehouse, args));
  }

  public static Run run(String warehouse, String... args) {
    TestSpark.get();
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--warehouse");
    all.add(warehouse);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        StewardCli.run(
            new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }
}
