package io.steward.registry.warehouse;

import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.data.ArrayValue;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.MapValue;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import io.steward.common.errors.Errors;
import io.steward.registry.tables.TableDef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;

/**
 * Reads a small Steward table whole, on the driver, with Delta Kernel: the registry's tables, the
 * monitors, baselines, alerts, triggers and job runs, which hold one row per model, version,
 * document, grant, episode or run. Kernel replays the table's log and decodes its Parquet files in
 * this process, so a read costs milliseconds where Spark's path (a snapshot computed by Spark jobs,
 * then a query planned and run as jobs) cost seconds for a few hundred rows; a registry command
 * reads several such tables. The large results tables are read with Spark, as ever.
 *
 * <p>Rows come back as Spark rows of the table's schema ({@link TableDef#schema()}), with the
 * values Spark's own reader would give (timestamps as {@link Timestamp}, arrays as Scala sequences,
 * maps as Scala maps), so one mapping serves both paths; the caller filters and orders them.
 */
public final class SmallTables {
  private SmallTables() {}

  private static final Map<SparkSession, Engine> ENGINES =
      Collections.synchronizedMap(new WeakHashMap<>());

  /** Every row of {@code table} at its latest version, in no particular order. */
  public static List<Row> rows(SparkSession spark, Warehouse warehouse, TableDef table) {
    List<Row> rows = rowsIfExists(spark, warehouse, table);
    if (rows == null) {
      throw Errors.notAWarehouse(
          warehouse.root(), "table " + warehouse.location(table) + " is missing");
    }
    return rows;
  }

  /** The session's Kernel engine (one per session, with its Hadoop configuration). */
  public static Engine engine(SparkSession spark) {
    return ENGINES.computeIfAbsent(
        spark, s -> DefaultEngine.create(s.sessionState().newHadoopConf()));
  }

  /** Every row of {@code table}, or null when the warehouse has no such Delta table. */
  public static List<Row> rowsIfExists(SparkSession spark, Warehouse warehouse, TableDef table) {
    Engine engine = engine(spark);
    String path = warehouse.location(table);
    Snapshot snapshot;
    try {
      snapshot = Table.forPath(engine, path).getLatestSnapshot(engine);
    } catch (TableNotFoundException e) {
      return null;
    }
    Scan scan = snapshot.getScanBuilder().build();
    io.delta.kernel.data.Row state = scan.getScanState(engine);
    StructType physical = ScanStateRow.getPhysicalDataReadSchema(state);
    org.apache.spark.sql.types.StructType schema = table.schema();
    List<Row> out = new ArrayList<>();
    try (CloseableIterator<FilteredColumnarBatch> files = scan.getScanFiles(engine)) {
      while (files.hasNext()) {
        try (CloseableIterator<io.delta.kernel.data.Row> entries = files.next().getRows()) {
          while (entries.hasNext()) {
            io.delta.kernel.data.Row file = entries.next();
            FileStatus status = InternalScanFileUtils.getAddFileStatus(file);
            try (CloseableIterator<FileReadResult> read =
                    engine
                        .getParquetHandler()
                        .readParquetFiles(
                            singleton(status),
                            physical,
                            Optional.<io.delta.kernel.expressions.Predicate>empty());
                CloseableIterator<FilteredColumnarBatch> data =
                    Scan.transformPhysicalData(engine, state, file, batches(read))) {
              while (data.hasNext()) {
                add(data.next(), schema, out);
              }
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + path, e);
    }
    return out;
  }

  /** Orders rows by these columns, each ascending with nulls first, as Spark's ORDER BY does. */
  public static Comparator<Row> by(String... columns) {
    Comparator<Row> c = (a, b) -> 0;
    for (String column : columns) {
      c =
          c.thenComparing(
              r -> comparable(r, column), Comparator.nullsFirst(Comparator.naturalOrder()));
    }
    return c;
  }

  @SuppressWarnings("unchecked")
  private static Comparable<Object> comparable(Row r, String column) {
    return (Comparable<Object>) r.get(r.fieldIndex(column));
  }

  private static void add(
      FilteredColumnarBatch batch, org.apache.spark.sql.types.StructType schema, List<Row> out) {
    ColumnarBatch data = batch.getData();
    StructType kernelSchema = data.getSchema();
    StructField[] fields = schema.fields();
    ColumnVector[] columns = new ColumnVector[fields.length];
    for (int i = 0; i < fields.length; i++) {
      int ordinal = kernelSchema.indexOf(fields[i].name());
      columns[i] = ordinal < 0 ? null : data.getColumnVector(ordinal);
    }
    Optional<ColumnVector> selected = batch.getSelectionVector();
    for (int row = 0; row < data.getSize(); row++) {
      if (selected.isPresent()
          && (selected.get().isNullAt(row) || !selected.get().getBoolean(row))) {
        continue; // deleted by a deletion vector
      }
      Object[] values = new Object[fields.length];
      for (int i = 0; i < fields.length; i++) {
        values[i] = columns[i] == null ? null : value(columns[i], row, fields[i].dataType());
      }
      out.add(new GenericRowWithSchema(values, schema));
    }
  }

  /** The value at {@code row} as Spark's row decoder gives it for {@code type}. */
  private static Object value(ColumnVector v, int row, DataType type) {
    if (v.isNullAt(row)) {
      return null;
    }
    if (type.equals(DataTypes.StringType)) {
      return v.getString(row);
    } else if (type.equals(DataTypes.LongType)) {
      return v.getLong(row);
    } else if (type.equals(DataTypes.IntegerType)) {
      return v.getInt(row);
    } else if (type.equals(DataTypes.DoubleType)) {
      return v.getDouble(row);
    } else if (type.equals(DataTypes.BooleanType)) {
      return v.getBoolean(row);
    } else if (type.equals(DataTypes.TimestampType)) {
      return Timestamp.from(Instant.EPOCH.plus(v.getLong(row), ChronoUnit.MICROS));
    } else if (type.equals(DataTypes.DateType)) {
      return Date.valueOf(LocalDate.ofEpochDay(v.getInt(row)));
    } else if (type instanceof ArrayType a) {
      ArrayValue array = v.getArray(row);
      List<Object> items = new ArrayList<>(array.getSize());
      for (int i = 0; i < array.getSize(); i++) {
        items.add(value(array.getElements(), i, a.elementType()));
      }
      return scala.collection.immutable.ArraySeq.unsafeWrapArray(items.toArray());
    } else if (type instanceof MapType m) {
      MapValue map = v.getMap(row);
      Map<Object, Object> entries = new LinkedHashMap<>();
      for (int i = 0; i < map.getSize(); i++) {
        entries.put(value(map.getKeys(), i, m.keyType()), value(map.getValues(), i, m.valueType()));
      }
      return scala.collection.immutable.Map.from(
          scala.jdk.javaapi.CollectionConverters.asScala(entries));
    } else if (type instanceof org.apache.spark.sql.types.StructType s) {
      StructField[] fields = s.fields();
      Object[] values = new Object[fields.length];
      for (int i = 0; i < fields.length; i++) {
        values[i] = value(v.getChild(i), row, fields[i].dataType());
      }
      return new GenericRowWithSchema(values, s);
    }
    throw new IllegalStateException("no Kernel reading of type " + type + " (a steward table)");
  }

  private static CloseableIterator<FileStatus> singleton(FileStatus status) {
    return io.delta.kernel.internal.util.Utils.singletonCloseableIterator(status);
  }

  private static CloseableIterator<ColumnarBatch> batches(CloseableIterator<FileReadResult> read) {
    return read.map(FileReadResult::getData);
  }
}
