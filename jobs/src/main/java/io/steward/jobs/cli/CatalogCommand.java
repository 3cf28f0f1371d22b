package io.steward.jobs.cli;

import io.steward.jobs.warehouse.CatalogDdlAction;
import io.steward.registry.tables.StewardTables;
import io.steward.registry.tables.StewardViews;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "catalog",
    mixinStandardHelpOptions = true,
    description =
        "Register the warehouse's tables and steward's views in a metastore (Hive, Glue, Unity"
            + " Catalog).",
    subcommands = {CatalogCommand.Ddl.class})
final class CatalogCommand extends GroupCommand {
  @Command(
      name = "ddl",
      mixinStandardHelpOptions = true,
      description = {
        "Print the Spark SQL that registers every steward table under a schema, by location"
            + " (CREATE SCHEMA, then CREATE TABLE IF NOT EXISTS ... USING DELTA LOCATION),"
            + " one statement a line; running it again changes nothing.",
        "--apply runs it in this session's catalog: under spark-submit with"
            + " --conf spark.sql.catalogImplementation=hive that is the cluster's metastore."
      })
  static final class Ddl extends StewardCommand {
    @Option(
        names = "--schema",
        defaultValue = "steward",
        paramLabel = "NAME",
        description = "Schema (or catalog.schema) to register under. Default: ${DEFAULT-VALUE}.")
    String schema;

    @Option(names = "--apply", description = "Run the statements in the session's catalog.")
    boolean apply;

    @Override
    public Integer call() {
      return reading(
          ctx -> {
            CatalogDdlAction.Result r =
                CatalogDdlAction.run(ctx, new CatalogDdlAction.Params(schema, apply));
            for (String s : r.statements()) {
              out().println(s + ";");
            }
            if (r.applied()) {
              ctx.progress(
                  "registered "
                      + StewardTables.ALL.size()
                      + " tables and "
                      + StewardViews.ALL.size()
                      + " views under "
                      + schema
                      + (r.persistent()
                          ? " in the session's metastore"
                          : " in the session's in-memory catalog only (it ends with this run; give"
                              + " --conf spark.sql.catalogImplementation=hive to write a"
                              + " metastore)"));
            }
            return StewardCli.OK;
          });
    }
  }
}
