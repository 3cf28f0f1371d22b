package io.steward.jobs.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.jobs.cli.StewardCli;
import io.steward.registry.testing.TestSpark;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two steward processes racing one transition: one wins, the other is refused or locked out. */
class TransitionRaceTest {
  @TempDir Path dir;

  @Test
  void twoProcessesRacingOneTransitionOneWins() throws Exception {
    RegistryFixture f = RegistryFixture.withCast(dir);
    f.ok(
        "olivia",
        "model",
        "register",
        "--id",
        "race",
        "--name",
        "Race",
        "--owner",
        "olivia",
        "--risk-tier",
        "LOW",
        "--use-case",
        "x",
        "--success-criteria",
        "auc>=0.5");
    f.ok("olivia", "artifact", "add", "--model", "race", "--kind", "MDP", "--uri", "s3://m");
    f.ok("olivia", "model", "approve", "--id", "race", "--gate", "DEVELOPMENT");
    List<Process> racers = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      List<String> cmd = new ArrayList<>();
      cmd.add(ProcessHandle.current().info().command().orElse("java"));
      for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
        if (arg.startsWith("--add-opens") || arg.startsWith("-D")) {
          cmd.add(arg);
        }
      }
      cmd.addAll(
          List.of(
              "-cp",
              System.getProperty("java.class.path"),
              StewardCli.class.getName(),
              "model",
              "transition",
              "--id",
              "race",
              "--to",
              "DEVELOPMENT",
              "--reason",
              "racer " + i,
              "--warehouse",
              f.wh));
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      pb.environment().put("HADOOP_USER_NAME", "olivia");
      racers.add(pb.start());
    }
    List<Integer> codes = new ArrayList<>();
    List<String> outputs = new ArrayList<>();
    for (Process p : racers) {
      outputs.add(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      codes.add(p.waitFor());
    }
    assertEquals(Set.of(0, 2), Set.copyOf(codes), outputs.toString());
    String loser = outputs.get(codes.indexOf(2));
    assertTrue(
        loser.contains("is locked by another steward process")
            || loser.contains("refused: move race from DEVELOPMENT to DEVELOPMENT"),
        loser);
    assertEquals(
        1L,
        TestSpark.get()
            .sql(
                "SELECT count(*) FROM steward.lifecycle_events WHERE model_id = 'race' AND event_type = 'TRANSITIONED'")
            .first()
            .getLong(0));
    assertEquals("DEVELOPMENT", f.stage("race"));
  }
}
