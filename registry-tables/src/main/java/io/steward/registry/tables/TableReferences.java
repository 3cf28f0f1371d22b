package io.steward.registry.tables;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which of the warehouse's tables a SQL statement names: by its name in schema {@code steward}
 * ({@code steward.models}, quoted or not, any case) or by its path ({@code
 * delta.`/wh/steward/models`}). Read from the text, so it holds for a statement that does not parse
 * as well.
 */
public final class TableReferences {
  private TableReferences() {}

  /** The first of {@code tables} that {@code sql} names, if any. */
  public static Optional<TableDef> firstNamed(List<TableDef> tables, String sql) {
    for (TableDef t : tables) {
      Pattern byPath = Pattern.compile("/" + StewardTables.SCHEMA + "/" + t.name() + "/?`");
      if (byName(t.name()).matcher(sql).find() || byPath.matcher(sql).find()) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** The first of {@code views} that {@code sql} names, if any. */
  public static Optional<StewardViews.ViewDef> firstView(
      List<StewardViews.ViewDef> views, String sql) {
    return views.stream().filter(v -> byName(v.name()).matcher(sql).find()).findFirst();
  }

  private static Pattern byName(String name) {
    return Pattern.compile(
        "(?i)\\b" + StewardTables.SCHEMA + "\\s*\\.\\s*`?" + name + "`?(?![A-Za-z0-9_])");
  }
}
