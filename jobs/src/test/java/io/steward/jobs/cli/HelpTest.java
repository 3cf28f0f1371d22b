package io.steward.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * {@code --help} on every command and subcommand, found by walking picocli's command tree: exit 0
 * and the usage on stdout, before any required option is checked and without a Spark session.
 */
class HelpTest {
  static Stream<String> commands() {
    List<String> paths = new ArrayList<>();
    walk(
        new CommandLine(new StewardCli()),
        paths,
        Collections.newSetFromMap(new IdentityHashMap<>()));
    return paths.stream();
  }

  private static void walk(CommandLine c, List<String> paths, Set<CommandLine> seen) {
    if (!seen.add(c)) {
      return;
    }
    paths.add(c.getCommandSpec().qualifiedName(" "));
    c.getSubcommands().values().forEach(s -> walk(s, paths, seen));
  }

  @ParameterizedTest
  @MethodSource("commands")
  void helpExitsZeroWithTheUsage(String path) {
    List<String> args = new ArrayList<>(Arrays.asList(path.split(" ")));
    args.remove(0);
    args.add("--help");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    // picocli reports a description it cannot format (a lone '%') on System.err, not through err
    ByteArrayOutputStream tracer = new ByteArrayOutputStream();
    PrintStream systemErr = System.err;
    int code;
    System.setErr(new PrintStream(tracer, true, StandardCharsets.UTF_8));
    try {
      code =
          StewardCli.run(new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));
    } finally {
      System.setErr(systemErr);
    }
    assertEquals(StewardCli.OK, code, path + " --help: " + err);
    assertTrue(out.toString().startsWith("Usage: " + path), path + " --help printed: " + out);
    assertEquals("", err.toString(), path + " --help wrote to stderr");
    assertEquals(
        "",
        tracer.toString(StandardCharsets.UTF_8),
        path + " --help: picocli warned on System.err");
  }
}
