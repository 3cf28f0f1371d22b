package io.steward.jobs.audit;

import io.steward.common.spec.TableRef;
import java.util.Objects;

/**
 * A log table the audit scans and the columns it reads there.
 *
 * @param modelIdColumn the column naming the model, or null when the whole table is {@code model}
 * @param model the model of a table without a model id column, else null
 * @param named whether the table was named by {@code --scan-table} rather than by a monitor
 */
record LogTable(
    TableRef table,
    String timestamp,
    String modelIdColumn,
    String model,
    String versionColumn,
    boolean named) {
  LogTable {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(timestamp, "timestamp");
    if ((modelIdColumn == null) == (model == null)) {
      throw new IllegalArgumentException(
          table.sql() + ": a log table needs a model id column or its one model, not both");
    }
  }
}
