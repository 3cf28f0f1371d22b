package io.steward.registry.warehouse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.delta.tables.DeltaTable;
import io.steward.common.errors.Errors;
import io.steward.registry.tables.StewardTables;
import io.steward.registry.tables.StewardViews;
import io.steward.registry.tables.TableDef;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.analysis.NoSuchNamespaceException;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import scala.Option;

/**
 * Table names for the warehouse's Delta tables. Steward's own sessions use an in-memory catalog
 * (see {@link StewardSpark}) in which every new process registers {@code steward.<table>} by
 * location: no metastore is involved, so any number of processes can read the warehouse at once,
 * and registering is cheap (only the table logs are touched). For a shared metastore (Hive, Glue,
 * Unity) {@link #ddl} writes the statements that register the tables there once, under any schema.
 */
public final class CatalogNames {
  private CatalogNames() {}

  private static final String REGISTERED_ROOT = "steward.catalog.registeredRoot";

  /** A schema, optionally qualified by its catalog ({@code main.steward} in Unity Catalog). */
  private static final Pattern SCHEMA_NAME =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

  /**
   * Makes {@code steward.<table>} resolve to this warehouse's tables. In the in-memory catalog the
   * names are (re)registered by location. A persistent catalog is shared with other users, so it is
   * never changed here: names registered there with {@code steward catalog ddl --apply} are used
   * when they point at this warehouse, and a name that points at another warehouse is an error
   * rather than a query that silently reads the wrong data.
   */
  public static void register(SparkSession spark, Warehouse warehouse) {
    if (!isInMemory(spark)) {
      for (TableDef t : StewardTables.ALL) {
        String registered = location(spark, StewardTables.SCHEMA, t.name());
        String expected = warehouse.location(t);
        if (registered != null && !sameLocation(spark, registered, expected)) {
          throw Errors.catalogNameElsewhere(t.qualifiedName(), registered, expected);
        }
      }
      return;
    }
    String previous = spark.conf().get(REGISTERED_ROOT, "");
    if (!previous.isEmpty() && !previous.equals(warehouse.root())) {
      for (TableDef t : StewardTables.ALL) {
        spark.sql("DROP TABLE IF EXISTS " + t.qualifiedName());
      }
    }
    spark.sql("CREATE DATABASE IF NOT EXISTS " + StewardTables.SCHEMA);
    for (TableDef t : StewardTables.ALL) {
      String path = warehouse.location(t);
      if (!spark.catalog().tableExists(t.qualifiedName()) && DeltaTable.isDeltaTable(spark, path)) {
        spark.sql(createTable(StewardTables.SCHEMA, t, path));
      }
    }
    spark.conf().set(REGISTERED_ROOT, warehouse.root());
  }

  /**
   * The Spark SQL statements that register every table of the warehouse in a catalog under {@code
   * schema}: one {@code CREATE SCHEMA IF NOT EXISTS}, then one {@code CREATE TABLE IF NOT EXISTS
   * ... USING DELTA LOCATION} per table. Running them again changes nothing.
   *
   * @param schema a schema name, or {@code catalog.schema}
   */
  public static List<String> ddl(Warehouse warehouse, String schema) {
    if (schema == null || !SCHEMA_NAME.matcher(schema).matches()) {
      throw Errors.badArgument(
          "--schema", schema, "a schema name such as steward or analytics (or catalog.schema)");
    }
    List<String> statements = new ArrayList<>();
    statements.add("CREATE SCHEMA IF NOT EXISTS " + quoted(schema));
    for (TableDef t : StewardTables.ALL) {
      statements.add(createTable(schema, t, warehouse.location(t)));
    }
    for (StewardViews.ViewDef v : StewardViews.ALL) {
      statements.add(createView(schema, v));
    }
    return statements;
  }

  /**
   * Defines steward's views ({@link StewardViews}) over {@code steward.<table>} in an in-memory
   * catalog; in a persistent one they are {@link #ddl}'s to create, so nothing is done there. Only
   * sessions that run analysts' SQL call this: analysing seven views reads the tables' logs.
   */
  public static void registerViews(SparkSession spark) {
    if (!isInMemory(spark)) {
      return;
    }
    for (StewardViews.ViewDef v : StewardViews.ALL) {
      spark.sql(createView(StewardTables.SCHEMA, v));
    }
  }

  /**
   * The views as JSON for readers without steward's build (notebooks in PySpark): an array of
   * {@code name}, {@code description} and {@code query} over the tables of schema {@code steward}.
   */
  public static String viewsJson() {
    ArrayNode all = JsonNodeFactory.instance.arrayNode();
    for (StewardViews.ViewDef v : StewardViews.ALL) {
      ObjectNode o = all.addObject();
      o.put("name", v.name());
      o.put("description", v.description());
      o.put("query", v.query(quoted(StewardTables.SCHEMA)).strip());
    }
    try {
      return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(all) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the views as JSON", e);
    }
  }

  /** Where {@link #writeViews} keeps the views' definitions in the warehouse. */
  public static String viewsLocation(Warehouse warehouse) {
    return warehouse.schemaLocation() + "/" + VIEWS_FILE;
  }

  /** The file of {@link #viewsJson}, under the warehouse's steward folder. */
  public static final String VIEWS_FILE = "_views.json";

  /**
   * Writes the views' definitions into the warehouse ({@link #viewsLocation}) unless it holds these
   * already: a notebook defines them from there. Returns whether it wrote.
   */
  public static boolean writeViews(SparkSession spark, Warehouse warehouse) {
    Path path = new Path(viewsLocation(warehouse));
    String json = viewsJson();
    // An instance of its own (not the shared, cached one) so that switching its checksums off
    // touches nothing else: a file people may read and edit gets no checksum file beside it.
    try (FileSystem fs =
        FileSystem.newInstance(path.toUri(), spark.sessionState().newHadoopConf())) {
      fs.setVerifyChecksum(false);
      fs.setWriteChecksum(false);
      if (fs.exists(path)) {
        try (InputStream in = fs.open(path)) {
          if (new String(in.readAllBytes(), StandardCharsets.UTF_8).equals(json)) {
            return false;
          }
        }
      }
      // Written beside and renamed over, so a reader never sees half a file.
      Path partial = new Path(path.getParent(), "." + VIEWS_FILE + "." + UUID.randomUUID());
      try (OutputStream out = fs.create(partial, false)) {
        out.write(json.getBytes(StandardCharsets.UTF_8));
      }
      fs.delete(path, false);
      if (!fs.rename(partial, path)) {
        throw new IOException("cannot rename " + partial + " to " + path);
      }
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the views' definitions to " + path, e);
    }
  }

  /**
   * Checks that every table name under {@code schema} in the session's catalog points at this
   * warehouse's table: {@code CREATE TABLE IF NOT EXISTS} keeps a name that already existed, so
   * {@link #ddl}'s statements may have left one pointing elsewhere.
   */
  public static void requirePointsHere(SparkSession spark, Warehouse warehouse, String schema) {
    for (TableDef t : StewardTables.ALL) {
      String registered = location(spark, schema, t.name());
      String expected = warehouse.location(t);
      if (registered == null || !sameLocation(spark, registered, expected)) {
        throw Errors.catalogNameElsewhere(
            schema + "." + t.name(), String.valueOf(registered), expected);
      }
    }
  }

  /** Whether the session's catalog lives only as long as the session. */
  public static boolean isInMemory(SparkSession spark) {
    return "in-memory".equals(spark.conf().get("spark.sql.catalogImplementation", "in-memory"));
  }

  /** Where the catalog's {@code schema.table} points, or null when it has no such table. */
  public static String location(SparkSession spark, String schema, String table) {
    CatalogTable meta;
    try {
      meta =
          spark
              .sessionState()
              .catalog()
              .getTableMetadata(new TableIdentifier(table, Option.apply(schema)));
    } catch (NoSuchTableException | NoSuchNamespaceException e) {
      return null;
    }
    return meta.storage().locationUri().isDefined()
        ? meta.storage().locationUri().get().toString()
        : null;
  }

  /** Whether two locations name the same folder once qualified with their file system. */
  public static boolean sameLocation(SparkSession spark, String a, String b) {
    return qualified(spark, a).equals(qualified(spark, b));
  }

  private static String qualified(SparkSession spark, String location) {
    Path p = new Path(location);
    try {
      return p.getFileSystem(spark.sessionState().newHadoopConf()).makeQualified(p).toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot resolve the file system of " + location, e);
    }
  }

  private static String createTable(String schema, TableDef t, String location) {
    return "CREATE TABLE IF NOT EXISTS "
        + quoted(schema)
        + "."
        + quoted(t.name())
        + " USING DELTA LOCATION '"
        + location.replace("\\", "\\\\").replace("'", "\\'")
        + "'";
  }

  private static String createView(String schema, StewardViews.ViewDef v) {
    return "CREATE OR REPLACE VIEW "
        + quoted(schema)
        + "."
        + quoted(v.name())
        + " COMMENT '"
        + v.description().replace("\\", "\\\\").replace("'", "\\'")
        + "' AS "
        + v.query(quoted(schema)).strip().replaceAll("\\s+", " ");
  }

  private static String quoted(String name) {
    StringBuilder b = new StringBuilder();
    for (String part : name.split("\\.")) {
      if (b.length() > 0) {
        b.append('.');
      }
      b.append('`').append(part).append('`');
    }
    return b.toString();
  }
}
