package io.steward.registry.store;

import io.delta.kernel.CommitRange;
import io.delta.kernel.CommitRangeBuilder.CommitBoundary;
import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.internal.DeltaLogActionUtils.DeltaAction;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.steward.common.spec.TableRef;
import io.steward.registry.warehouse.SmallTables;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;

/**
 * What a range of a Delta table's commits did, when all it did was append: the names of the data
 * files it added. Read with Delta Kernel from the range's commit files alone (no snapshot, no Spark
 * job), so that a nightly run finds the labels that arrived since its last run by reading those
 * files instead of comparing the whole table at two versions.
 *
 * <p>The answer is empty, and the caller compares the two versions in full, whenever the range did
 * anything but append whole files: a file removed (an update, a delete, a merge, a compaction), a
 * deletion vector, a change of schema or properties, a commit file already cleaned up by log
 * retention, or a table Kernel cannot locate or read.
 */
public final class Appends {
  private Appends() {}

  private static final String COLUMN_MAPPING = "delta.columnMapping.mode";

  /**
   * The data files that a range of commits appended.
   *
   * @param names each file's name (the last part of its path), as {@code _metadata.file_name}
   * @param paths each file's full path
   * @param plain whether the files can be read as plain Parquet and give the table's columns by
   *     name: no partition columns and no column mapping at the range's last version
   */
  public record Files(List<String> names, List<String> paths, boolean plain) {
    public Files {
      names = List.copyOf(names);
      paths = List.copyOf(paths);
    }
  }

  /**
   * The files that commits {@code after + 1} to {@code upTo} added, when those commits only
   * appended; empty otherwise.
   */
  public static Optional<Files> files(SparkSession spark, TableRef table, long after, long upTo) {
    if (upTo == after) {
      return Optional.of(new Files(List.of(), List.of(), true));
    }
    if (upTo < after) {
      // A table whose version went back (dropped and created again): no range to read.
      return Optional.empty();
    }
    try {
      String root = location(spark, table);
      Engine engine = SmallTables.engine(spark);
      CommitRange range =
          TableManager.loadCommitRange(root, CommitBoundary.atVersion(after + 1))
              .withEndBoundary(CommitBoundary.atVersion(upTo))
              .build(engine);
      List<String> added = new ArrayList<>();
      try (CloseableIterator<ColumnarBatch> batches =
          range.getActions(
              engine, EnumSet.of(DeltaAction.ADD, DeltaAction.REMOVE, DeltaAction.METADATA))) {
        while (batches.hasNext()) {
          if (!appendsOnly(batches.next(), added)) {
            return Optional.empty();
          }
        }
      }
      Snapshot snapshot = TableManager.loadSnapshot(root).atVersion(upTo).build(engine);
      String mapping = snapshot.getTableProperties().getOrDefault(COLUMN_MAPPING, "none");
      boolean plain = snapshot.getPartitionColumnNames().isEmpty() && "none".equals(mapping);
      List<String> names = new ArrayList<>();
      List<String> paths = new ArrayList<>();
      Path tableRoot = new Path(root);
      for (String a : added) {
        // The log writes each path as a URI, relative to the table's root or absolute, its
        // special characters encoded; Hadoop's Path decodes them as Spark's reader does.
        Path file = new Path(new URI(a));
        Path full = file.isAbsolute() ? file : new Path(tableRoot, file);
        paths.add(full.toString());
        names.add(full.getName());
      }
      return Optional.of(new Files(names, paths, plain));
    } catch (Exception e) {
      // Any reason Kernel cannot answer (a cleaned-up commit, a store it cannot reach, a table
      // feature it does not read) means the exact comparison of the two versions instead.
      return Optional.empty();
    }
  }

  /**
   * Adds the batch's appended file paths (as the log writes them); false when it holds anything but
   * appends.
   */
  private static boolean appendsOnly(ColumnarBatch batch, List<String> added) {
    StructType schema = batch.getSchema();
    ColumnVector remove = batch.getColumnVector(schema.indexOf(DeltaAction.REMOVE.colName));
    ColumnVector metadata = batch.getColumnVector(schema.indexOf(DeltaAction.METADATA.colName));
    ColumnVector add = batch.getColumnVector(schema.indexOf(DeltaAction.ADD.colName));
    StructType addType = (StructType) add.getDataType();
    ColumnVector path = add.getChild(addType.indexOf("path"));
    ColumnVector dataChange = add.getChild(addType.indexOf("dataChange"));
    ColumnVector deletionVector = add.getChild(addType.indexOf("deletionVector"));
    for (int i = 0; i < batch.getSize(); i++) {
      if (!remove.isNullAt(i) || !metadata.isNullAt(i)) {
        return false;
      }
      if (add.isNullAt(i)) {
        continue;
      }
      if (!deletionVector.isNullAt(i) || dataChange.isNullAt(i) || !dataChange.getBoolean(i)) {
        return false;
      }
      added.add(path.getString(i));
    }
    return true;
  }

  /** The table's root: its path, or a catalog table's location. */
  static String location(SparkSession spark, TableRef table) throws Exception {
    if (table.isPath()) {
      return table.path();
    }
    TableIdentifier id = spark.sessionState().sqlParser().parseTableIdentifier(table.name());
    return spark.sessionState().catalog().getTableMetadata(id).location().toString();
  }
}
