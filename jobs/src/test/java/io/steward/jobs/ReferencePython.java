package io.steward.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a reference implementation under scripts/crosscheck with the Python environment that
 * scripts/test creates (.venv at the repository root), or the one named by -Dsteward.python.
 */
final class ReferencePython {
  private ReferencePython() {}

  static void run(String script, String... args) throws IOException, InterruptedException {
    Path root = repositoryRoot();
    List<String> command = new ArrayList<>();
    command.add(python(root));
    command.add(root.resolve("scripts/crosscheck").resolve(script).toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), script + " timed out");
    assertEquals(0, p.exitValue(), script + " failed:\n" + output);
  }

  private static Path repositoryRoot() {
    for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("scripts/crosscheck"))) {
        return p;
      }
    }
    throw new IllegalStateException(
        "cannot find scripts/crosscheck above " + Paths.get("").toAbsolutePath());
  }

  private static String python(Path root) {
    String configured = System.getProperty("steward.python");
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    Path venv = root.resolve(".venv/bin/python");
    if (Files.isExecutable(venv)) {
      return venv.toString();
    }
    throw new IllegalStateException(
        "no Python for the cross-check: run scripts/test (it creates .venv), or pass"
            + " -Dsteward.python=/path/to/python with scripts/crosscheck/requirements.txt installed");
  }
}
