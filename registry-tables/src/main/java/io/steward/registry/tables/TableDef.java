package io.steward.registry.tables;

import java.util.Map;
import org.apache.spark.sql.types.StructType;

/**
 * One warehouse table: its name in schema {@code steward}, its columns and its Delta properties.
 * Every reader and writer takes column names from here.
 */
public record TableDef(
    String name, String description, StructType schema, Map<String, String> properties) {
  public TableDef {
    properties = Map.copyOf(properties);
  }

  /** The name analysts use in SQL. */
  public String qualifiedName() {
    return StewardTables.SCHEMA + "." + name;
  }
}
