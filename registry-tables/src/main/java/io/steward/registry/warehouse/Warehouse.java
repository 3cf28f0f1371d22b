package io.steward.registry.warehouse;

import io.steward.registry.tables.StewardTables;
import io.steward.registry.tables.TableDef;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

/**
 * Where the warehouse lives: a local folder (the embedded default) or any Hadoop-compatible URI.
 * Table {@code steward.x} is the Delta table at {@code <root>/steward/x}.
 */
public record Warehouse(String root) {
  public Warehouse {
    if (root == null || root.isBlank()) {
      throw new IllegalArgumentException("a warehouse needs a location");
    }
    root = normalise(root);
  }

  private static String normalise(String root) {
    String r = root.strip();
    if (hasScheme(r) && !r.toLowerCase(Locale.ROOT).startsWith("file:")) {
      return r.endsWith("/") ? r.substring(0, r.length() - 1) : r;
    }
    Path p =
        r.toLowerCase(Locale.ROOT).startsWith("file:") ? Paths.get(URI.create(r)) : Paths.get(r);
    return p.toAbsolutePath().normalize().toString();
  }

  private static boolean hasScheme(String r) {
    int colon = r.indexOf(':');
    return colon > 1 && r.substring(0, colon).matches("[a-zA-Z][a-zA-Z0-9+.-]*");
  }

  /** True for a folder on this machine, where writers must take the warehouse lock. */
  public boolean isLocal() {
    return !hasScheme(root);
  }

  /** The local folder; only for {@link #isLocal()} warehouses. */
  public Path localPath() {
    if (!isLocal()) {
      throw new IllegalStateException(root + " is not a local warehouse");
    }
    return Paths.get(root);
  }

  public String schemaLocation() {
    return root + "/" + StewardTables.SCHEMA;
  }

  public String location(TableDef table) {
    return schemaLocation() + "/" + table.name();
  }

  @Override
  public String toString() {
    return root;
  }
}
