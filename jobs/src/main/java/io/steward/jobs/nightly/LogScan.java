package io.steward.jobs.nightly;

import io.steward.common.spec.MonitorSpec;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One scan of a log table for the models that read it the same way, at the Delta version the run
 * read.
 *
 * @param key the columns that decide how the table is read
 * @param rows the table at {@code version}
 * @param specs the models the scan serves
 * @param shadowTables the tables holding challengers' predictions in shadow mode (a spec's {@code
 *     shadow.table}) whose rows {@code rows} includes, as read (with the Delta version)
 */
record LogScan(
    Key key,
    long version,
    Dataset<Row> rows,
    List<MonitorSpec> specs,
    java.util.Map<String, io.steward.registry.store.SourceTables.Read> shadowTables) {
  LogScan {
    specs = List.copyOf(specs);
    shadowTables = java.util.Map.copyOf(shadowTables);
  }

  /** The columns that decide how a log table is read; models sharing them share one scan. */
  record Key(String table, String timestamp, String modelIdColumn, String modelVersion) {}

  /** The ids of the models the scan serves, in spec order. */
  List<String> models() {
    return specs.stream().map(s -> s.modelId().value()).toList();
  }
}
