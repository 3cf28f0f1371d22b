package io.steward.jobs.warehouse;

import io.steward.jobs.StewardContext;
import io.steward.registry.warehouse.CatalogNames;
import io.steward.registry.warehouse.Migrations;
import java.util.List;

/**
 * The statements that register the warehouse's tables in a metastore (Hive, Glue, Unity Catalog)
 * under a schema, and optionally their execution in the session's catalog. Driver only: the
 * statements touch catalog metadata and each table's Delta log, never table data.
 */
public final class CatalogDdlAction {
  private CatalogDdlAction() {}

  /**
   * @param schema the schema to register the tables under, or {@code catalog.schema}
   * @param apply whether to run the statements in the session's catalog
   */
  public record Params(String schema, boolean apply) {}

  /**
   * @param statements the Spark SQL statements, in order, without a trailing semicolon
   * @param applied whether they ran
   * @param persistent whether the session's catalog outlives the session (a metastore)
   */
  public record Result(List<String> statements, boolean applied, boolean persistent) {}

  public static Result run(StewardContext ctx, Params p) {
    Migrations.requireCurrent(ctx.spark(), ctx.warehouse());
    List<String> statements = CatalogNames.ddl(ctx.warehouse(), p.schema());
    if (!p.apply()) {
      return new Result(statements, false, !CatalogNames.isInMemory(ctx.spark()));
    }
    for (String s : statements) {
      ctx.spark().sql(s);
    }
    // A name that already existed is kept by IF NOT EXISTS: check that each one points here. Names
    // in another catalog (catalog.schema) are not visible through the session catalog's API.
    if (!p.schema().contains(".")) {
      CatalogNames.requirePointsHere(ctx.spark(), ctx.warehouse(), p.schema());
    }
    return new Result(statements, true, !CatalogNames.isInMemory(ctx.spark()));
  }
}
