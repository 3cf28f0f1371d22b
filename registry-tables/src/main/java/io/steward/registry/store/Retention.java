package io.steward.registry.store;

import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import io.steward.common.spec.TableRef;
import io.steward.registry.tables.StewardTables;
import io.steward.registry.tables.TableDef;
import io.steward.registry.warehouse.SmallTables;
import io.steward.registry.warehouse.Warehouse;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * How long Delta keeps the history of the tables: the steward tables keep the policy's audit
 * horizon (their log and the files their rewrites removed, so that any night of the horizon can be
 * read back as it was), and the source tables that a model version's lineage or a baseline is
 * pinned to are watched for the day their pinned version may be vacuumed or its log cleaned up.
 */
public final class Retention {
  private Retention() {}

  static final String LOG = "delta.logRetentionDuration";
  static final String FILES = "delta.deletedFileRetentionDuration";

  /** Delta's defaults for a table that sets neither: 30 days of log, 7 days of removed files. */
  static final Duration DEFAULT_LOG = Duration.ofDays(30);

  static final Duration DEFAULT_FILES = Duration.ofDays(7);

  /** The two properties that keep {@code days} of a table's history. */
  public static Map<String, String> properties(int days) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put(LOG, "interval " + days + " days");
    out.put(FILES, "interval " + days + " days");
    return out;
  }

  /**
   * Sets the horizon on every steward table that does not have it, one commit per table changed.
   *
   * @return the tables changed
   */
  public static List<TableDef> apply(SparkSession spark, Warehouse warehouse, int days) {
    Map<String, String> wanted = properties(days);
    Engine engine = SmallTables.engine(spark);
    List<TableDef> changed = new ArrayList<>();
    for (TableDef t : StewardTables.ALL) {
      Map<String, String> has =
          TableManager.loadSnapshot(warehouse.location(t)).build(engine).getTableProperties();
      boolean same =
          wanted.entrySet().stream().allMatch(e -> e.getValue().equals(has.get(e.getKey())));
      if (!same) {
        keep(spark, warehouse.location(t), days);
        changed.add(t);
      }
    }
    return changed;
  }

  /** Sets the Delta table at {@code path} to keep {@code days} of history. One commit. */
  public static void keep(SparkSession spark, String path, int days) {
    List<String> pairs = new ArrayList<>();
    properties(days).forEach((k, v) -> pairs.add("'" + k + "' = '" + v + "'"));
    spark.sql(
        "ALTER TABLE delta.`" + path + "` SET TBLPROPERTIES (" + String.join(", ", pairs) + ")");
  }

  /**
   * A source table version something is pinned to, and from when it may no longer be read back.
   *
   * @param what what is pinned to it ("lineage of credit_limit v2", "baseline of credit_limit")
   * @param atRisk the earliest time a VACUUM may remove its files or log cleanup its commit; null
   *     when it is already unreadable
   * @param unreadable why it cannot be read any more, or null
   */
  public record Pinned(
      String what, String table, long version, Instant atRisk, String unreadable) {}

  /** How many of a pinned version's data files are looked for. */
  static final int FILES_CHECKED = 3;

  /** The first of the version's first few data files that no longer exists, or null. */
  private static String missingFile(SparkSession spark, Engine engine, Snapshot snapshot)
      throws IOException {
    Configuration conf = spark.sessionState().newHadoopConf();
    int looked = 0;
    try (CloseableIterator<FilteredColumnarBatch> files =
        snapshot.getScanBuilder().build().getScanFiles(engine)) {
      while (files.hasNext() && looked < FILES_CHECKED) {
        try (CloseableIterator<io.delta.kernel.data.Row> rows = files.next().getRows()) {
          while (rows.hasNext() && looked < FILES_CHECKED) {
            FileStatus status = InternalScanFileUtils.getAddFileStatus(rows.next());
            Path p = new Path(status.getPath());
            if (!p.getFileSystem(conf).exists(p)) {
              return status.getPath();
            }
            looked++;
          }
        }
      }
    }
    return null;
  }

  private static final Pattern INTERVAL =
      Pattern.compile("(?i)interval\\s+(\\d+)\\s+(day|days|hour|hours|week|weeks)");

  /** A Delta interval property as a duration; {@code fallback} when unset or not understood. */
  static Duration interval(String value, Duration fallback) {
    if (value == null) {
      return fallback;
    }
    Matcher m = INTERVAL.matcher(value.strip());
    if (!m.matches()) {
      return fallback;
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2).toLowerCase(java.util.Locale.ROOT);
    return unit.startsWith("hour")
        ? Duration.ofHours(n)
        : unit.startsWith("week") ? Duration.ofDays(7 * n) : Duration.ofDays(n);
  }

  /**
   * When version {@code version} of {@code table} may stop being readable: the files it reads may
   * be vacuumed once the next version removed them and the table's deleted-file retention passed
   * (from the next version's time), and its commit may be cleaned up once the log retention passed
   * from its own time. The earlier of the two; the next version's time is now when there is none.
   */
  public static Pinned pinned(
      SparkSession spark, String what, TableRef table, long version, Instant now) {
    Engine engine = SmallTables.engine(spark);
    String root;
    Snapshot latest;
    try {
      root = Appends.location(spark, table);
      latest = TableManager.loadSnapshot(root).build(engine);
    } catch (Exception e) {
      return new Pinned(what, table.sql(), version, null, "the table cannot be read (" + e + ")");
    }
    if (version > latest.getVersion()) {
      return new Pinned(
          what, table.sql(), version, null, "the table is at version " + latest.getVersion());
    }
    Instant at;
    try {
      Snapshot pinned = TableManager.loadSnapshot(root).atVersion(version).build(engine);
      at = Instant.ofEpochMilli(pinned.getTimestamp(engine));
      String gone = missingFile(spark, engine, pinned);
      if (gone != null) {
        return new Pinned(
            what, table.sql(), version, null, "its data file " + gone + " is gone (vacuumed)");
      }
    } catch (Exception e) {
      return new Pinned(
          what,
          table.sql(),
          version,
          null,
          "its commit is gone from the log (" + e.getMessage() + ")");
    }
    Instant next =
        version == latest.getVersion()
            ? now
            : Instant.ofEpochMilli(
                TableManager.loadSnapshot(root)
                    .atVersion(version + 1)
                    .build(engine)
                    .getTimestamp(engine));
    Map<String, String> props = latest.getTableProperties();
    Instant files = next.plus(interval(props.get(FILES), DEFAULT_FILES));
    Instant log = at.plus(interval(props.get(LOG), DEFAULT_LOG));
    return new Pinned(what, table.sql(), version, files.isBefore(log) ? files : log, null);
  }
}
