package io.steward.jobs.cli;

import static org.apache.spark.sql.functions.col;

import io.steward.common.errors.Errors;
import io.steward.registry.tables.StewardTables;
import io.steward.registry.tables.TableDef;
import io.steward.registry.warehouse.WarehouseLock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.InsertIntoStatement;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import scala.jdk.javaapi.CollectionConverters;

@Command(
    name = "sql",
    mixinStandardHelpOptions = true,
    description = {
      "Run any Spark SQL over the warehouse. Tables of schema steward resolve by name;"
          + " delta.`/path` and json.`/path` work too.",
      "Queries (SELECT, WITH, SHOW, DESCRIBE, EXPLAIN) never wait for a running job;"
          + " other statements take the warehouse write lock."
    })
final class SqlCommand extends StewardCommand {
  private static final Set<String> INSPECTIONS = Set.of("SHOW", "DESCRIBE", "DESC", "EXPLAIN");

  private static final Set<String> READ_ONLY =
      Set.of(
          "SELECT", "WITH", "SHOW", "DESCRIBE", "DESC", "EXPLAIN", "VALUES", "TABLE", "FROM", "(");

  @Parameters(index = "0", paramLabel = "QUERY", description = "The statement.")
  String query;

  @Option(
      names = "--format",
      defaultValue = "table",
      description =
          "table (aligned, for people), csv (a header row, then rows) or json (one object per line). Default: ${DEFAULT-VALUE}.")
  OutputFormat format;

  @Option(
      names = "--limit",
      defaultValue = "1000",
      description =
          "Rows shown by --format table. Default: ${DEFAULT-VALUE}; csv and json stream every row.")
  int limit;

  private static final String WRITER = "steward sql (a statement that writes)";

  @Override
  public Integer call() {
    if (!isReadOnly(query)) {
      refuseRegistryWrites(query);
      return writing(WRITER, ctx -> print(execute(ctx.spark(), query)));
    }
    return reading(
        ctx -> {
          if (!writes(ctx.spark(), query)) {
            return print(execute(ctx.spark(), query));
          }
          refuseRegistryWrites(query);
          return WarehouseLock.holding(
              ctx.warehouse(), WRITER, () -> print(execute(ctx.spark(), query)));
        });
  }

  /**
   * Whether a statement that starts like a query writes anyway ({@code WITH ... INSERT}, {@code
   * FROM t INSERT INTO ...}): its parsed plan holds a command or an insert. A statement that does
   * not parse is left to {@link #execute}, which reports the error.
   */
  static boolean writes(SparkSession spark, String q) {
    if (INSPECTIONS.contains(firstWord(q))) {
      return false;
    }
    LogicalPlan plan;
    try {
      plan = spark.sessionState().sqlParser().parsePlan(q);
    } catch (Exception e) {
      return false;
    }
    return containsWrite(plan);
  }

  private static boolean containsWrite(LogicalPlan plan) {
    if (plan instanceof org.apache.spark.sql.catalyst.plans.logical.Command
        || plan instanceof InsertIntoStatement) {
      return true;
    }
    for (LogicalPlan child : CollectionConverters.asJava(plan.children())) {
      if (containsWrite(child)) {
        return true;
      }
    }
    return false;
  }

  private static final Map<String, String> REGISTRY_COMMANDS =
      Map.of(
          "schema_migrations", "steward init",
          "monitors", "steward monitor register",
          "baselines", "steward baseline",
          "models", "steward model register, steward model transition",
          "model_versions", "steward model version add, steward model transition",
          "artifacts", "steward artifact add",
          "principals", "steward principal grant, steward principal revoke",
          "policies", "steward policy set",
          "lifecycle_events", "every steward model, artifact, principal and policy command");

  /** DDL and DML on a registry table are refused: those change only through audited commands. */
  static void refuseRegistryWrites(String q) {
    for (TableDef t : StewardTables.REGISTRY) {
      Pattern byName =
          Pattern.compile(
              "(?i)\\b" + StewardTables.SCHEMA + "\\s*\\.\\s*`?" + t.name() + "`?(?![A-Za-z0-9_])");
      Pattern byPath = Pattern.compile("/" + StewardTables.SCHEMA + "/" + t.name() + "/?`");
      if (byName.matcher(q).find() || byPath.matcher(q).find()) {
        throw Errors.registryTableWrite(t.qualifiedName(), REGISTRY_COMMANDS.get(t.name()));
      }
    }
  }

  static boolean isReadOnly(String q) {
    return READ_ONLY.contains(firstWord(q));
  }

  private static String firstWord(String q) {
    String t = q.stripLeading();
    if (t.startsWith("(")) {
      return "(";
    }
    return (t.isEmpty() ? "" : t.split("[\\s(]", 2)[0]).toUpperCase(Locale.ROOT);
  }

  private static Dataset<Row> execute(SparkSession spark, String q) {
    try {
      Dataset<Row> df = spark.sql(q);
      df.schema();
      return df;
    } catch (Exception e) {
      if (e instanceof AnalysisException) {
        throw Errors.sqlFailed(e.getMessage());
      }
      throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }
  }

  private int print(Dataset<Row> df) {
    String[] names = df.columns();
    if (names.length == 0) {
      df.collectAsList();
      err().println("OK");
      return StewardCli.OK;
    }
    switch (format) {
      case json -> {
        Iterator<String> it = df.toJSON().toLocalIterator();
        while (it.hasNext()) {
          out().println(it.next());
        }
      }
      case csv -> {
        out().println(TextTable.csv(Arrays.asList(names)));
        Iterator<Row> it = asText(df).toLocalIterator();
        while (it.hasNext()) {
          out().println(TextTable.csv(cells(it.next())));
        }
      }
      case table -> {
        TextTable t = new TextTable(Arrays.asList(names));
        List<Row> rows = asText(df).limit(limit + 1).collectAsList();
        for (Row r : rows.subList(0, Math.min(limit, rows.size()))) {
          t.add(cells(r));
        }
        t.print(out());
        err()
            .println(
                rows.size() > limit
                    ? "(first " + limit + " rows shown; use --limit N or --format csv for all)"
                    : "(" + rows.size() + " row" + (rows.size() == 1 ? "" : "s") + ")");
      }
    }
    return StewardCli.OK;
  }

  /** Every column as Spark formats it (timestamps in the session's UTC). */
  private static Dataset<Row> asText(Dataset<Row> df) {
    String[] names = df.columns();
    String[] positional = new String[names.length];
    List<Column> cols = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      positional[i] = "c" + i;
      cols.add(col(positional[i]).cast("string").as(names[i]));
    }
    return df.toDF(positional).select(cols.toArray(Column[]::new));
  }

  private static List<String> cells(Row r) {
    List<String> c = new ArrayList<>(r.size());
    for (int i = 0; i < r.size(); i++) {
      c.add(r.isNullAt(i) ? null : r.getString(i));
    }
    return c;
  }
}
