package io.steward.jobs.cli;

import static org.apache.spark.sql.functions.col;

import io.steward.common.errors.Errors;
import io.steward.jobs.warehouse.SqlAction;
import io.steward.jobs.warehouse.SqlStatement;
import io.steward.registry.tables.StewardViews;
import io.steward.registry.tables.TableReferences;
import io.steward.registry.warehouse.CatalogNames;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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
    if (limit < 0) {
      throw Errors.badArgument("--limit", limit, "a number of rows, 0 or more");
    }
    if (!SqlStatement.startsAsQuery(query)) {
      SqlAction.refuseStewardWrites(query);
      return writing(WRITER, ctx -> print(SqlAction.execute(ctx.spark(), query)));
    }
    return reading(
        ctx -> {
          if (TableReferences.firstView(StewardViews.ALL, query).isPresent()) {
            CatalogNames.registerViews(ctx.spark());
          }
          if (!SqlStatement.writes(ctx.spark(), query)) {
            return print(SqlAction.execute(ctx.spark(), query));
          }
          SqlAction.refuseStewardWrites(query);
          return writing(ctx, WRITER, c -> print(SqlAction.execute(c.spark(), query)));
        });
  }

  private int print(Dataset<Row> df) {
    try {
      return printRows(df);
    } catch (RuntimeException e) {
      throw SqlAction.asUserError(e);
    }
  }

  private int printRows(Dataset<Row> df) {
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
