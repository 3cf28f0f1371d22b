package io.steward.common.spec;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a table lives: a Delta path (written {@code delta.`/path`} or as a bare path or URI) or a
 * catalog name such as {@code bank.predictions}.
 */
public record TableRef(String path, String name) {
  private static final Pattern DELTA_PATH = Pattern.compile("(?i)delta\\.`([^`]+)`");
  private static final Pattern NAME =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*){0,2}");
  private static final Pattern URI = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*://.+");

  public TableRef {
    if ((path == null) == (name == null)) {
      throw new IllegalArgumentException("a table is either a path or a name");
    }
  }

  /** Parses the spec's notation; returns null when the text is neither form. */
  public static TableRef parse(String text) {
    if (text == null) {
      return null;
    }
    String t = text.strip();
    Matcher m = DELTA_PATH.matcher(t);
    if (m.matches()) {
      return new TableRef(m.group(1), null);
    }
    if (t.startsWith("/") || URI.matcher(t).matches()) {
      return new TableRef(t, null);
    }
    if (NAME.matcher(t).matches()) {
      return new TableRef(null, t);
    }
    return null;
  }

  public static TableRef ofPath(String path) {
    return new TableRef(path, null);
  }

  public boolean isPath() {
    return path != null;
  }

  /** The name to use in Spark SQL. */
  public String sql() {
    return isPath() ? "delta.`" + path + "`" : name;
  }

  @Override
  public String toString() {
    return sql();
  }
}
