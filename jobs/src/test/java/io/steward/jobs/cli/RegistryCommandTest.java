package io.steward.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.steward.jobs.StewardContext;
import io.steward.registry.testing.TestSpark;
import io.steward.registry.warehouse.StewardSpark;
import io.steward.registry.warehouse.Warehouse;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Which commands run on the small-data session: every command of the registry's groups, and none of
 * the commands that read prediction logs or run the user's SQL.
 */
class RegistryCommandTest {
  @TempDir Path dir;

  private static final Set<String> REGISTRY_GROUPS =
      Set.of("model", "principal", "alert", "artifact", "policy", "trigger");

  @Test
  void theRegistryGroupsAndOnlyThemAreRegistryCommands() {
    Map<String, Object> leaves = new LinkedHashMap<>();
    leaves(cli(), leaves);
    assertEquals(
        Set.of(
            "init",
            "sql",
            "monitor register",
            "monitor selftest",
            "baseline",
            "nightly",
            "audit",
            "demo",
            "bench run-one",
            "catalog ddl"),
        Set.copyOf(
            leaves.entrySet().stream()
                .filter(e -> !(e.getValue() instanceof RegistryCommand))
                .map(Map.Entry::getKey)
                .toList()));
    leaves.forEach(
        (path, command) ->
            assertEquals(
                REGISTRY_GROUPS.contains(path.split(" ")[0]),
                command instanceof RegistryCommand,
                path));
  }

  @Test
  void aRegistryCommandRunsOnTheSmallDataSessionAndSqlOnTheCommandsOwn() {
    SparkSession parent = TestSpark.get();
    Warehouse w = new Warehouse(dir.toString());
    CommandLine cli = cli();
    StewardCommand list =
        cli.getSubcommands().get("model").getSubcommands().get("list").getCommand();
    StewardCommand sql = cli.getSubcommands().get("sql").getCommand();

    StewardContext small = list.open(w);
    assertNotSame(parent, small.spark());
    assertSame(StewardSpark.smallData(parent), small.spark());
    assertSame(parent.sparkContext(), small.spark().sparkContext());
    assertEquals("NO_CODEGEN", small.spark().conf().get("spark.sql.codegen.factoryMode"));
    assertEquals("false", small.spark().conf().get("spark.sql.codegen.wholeStage"));
    assertEquals(w, small.warehouse());

    assertSame(parent, sql.open(w).spark());
  }

  private static CommandLine cli() {
    CommandLine cli = new CommandLine(new StewardCli());
    cli.setOut(new PrintWriter(Writer.nullWriter()));
    cli.setErr(new PrintWriter(Writer.nullWriter()));
    return cli;
  }

  /** The commands that run something (no subcommands), by path without the leading "steward". */
  private static void leaves(CommandLine c, Map<String, Object> into) {
    if (c.getSubcommands().isEmpty()) {
      into.put(c.getCommandSpec().qualifiedName(" ").replaceFirst("^steward ", ""), c.getCommand());
      return;
    }
    c.getSubcommands().values().forEach(s -> leaves(s, into));
  }
}
