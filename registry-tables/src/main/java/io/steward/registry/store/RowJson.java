package io.steward.registry.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * One row of a registry table as JSON and back, exactly: the form in which a lifecycle event
 * carries the rows its change writes. Timestamps are kept as microseconds since the epoch (Delta's
 * precision), dates as ISO days, doubles as JSON numbers except the non-finite ones (as strings),
 * maps as objects and arrays as arrays. The types are the registry's: strings, integers, longs,
 * doubles, booleans, timestamps, dates, arrays of those and maps with string keys. Pure.
 */
final class RowJson {
  private RowJson() {}

  static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** The row (values in the schema's order) as a JSON object keyed by column. */
  static ObjectNode encode(Row row, StructType schema) {
    ObjectNode out = NODES.objectNode();
    StructField[] fields = schema.fields();
    for (int i = 0; i < fields.length; i++) {
      out.set(fields[i].name(), value(row.get(i), fields[i].dataType()));
    }
    return out;
  }

  /** The row a JSON object encodes, values in the schema's order. */
  static Row decode(JsonNode node, StructType schema) {
    StructField[] fields = schema.fields();
    Object[] values = new Object[fields.length];
    for (int i = 0; i < fields.length; i++) {
      JsonNode v = node.get(fields[i].name());
      if (v == null) {
        throw new IllegalArgumentException("the row has no column " + fields[i].name());
      }
      values[i] = fromJson(v, fields[i].dataType());
    }
    return RowFactory.create(values);
  }

  private static JsonNode value(Object v, DataType type) {
    if (v == null) {
      return NODES.nullNode();
    }
    if (type instanceof StringType) {
      return NODES.textNode(v.toString());
    }
    if (type instanceof LongType) {
      return NODES.numberNode(((Number) v).longValue());
    }
    if (type instanceof IntegerType) {
      return NODES.numberNode(((Number) v).intValue());
    }
    if (type instanceof DoubleType) {
      double d = ((Number) v).doubleValue();
      return Double.isFinite(d) ? NODES.numberNode(d) : NODES.textNode(Double.toString(d));
    }
    if (type instanceof BooleanType) {
      return NODES.booleanNode((Boolean) v);
    }
    if (type instanceof TimestampType) {
      Instant at = v instanceof Timestamp t ? t.toInstant() : (Instant) v;
      return NODES.numberNode(ChronoUnit.MICROS.between(Instant.EPOCH, at));
    }
    if (type instanceof DateType) {
      LocalDate day = v instanceof Date d ? d.toLocalDate() : (LocalDate) v;
      return NODES.textNode(day.toString());
    }
    if (type instanceof ArrayType a) {
      ArrayNode out = NODES.arrayNode();
      for (Object e : list(v)) {
        out.add(value(e, a.elementType()));
      }
      return out;
    }
    if (type instanceof MapType m) {
      ObjectNode out = NODES.objectNode();
      for (Map.Entry<?, ?> e : map(v).entrySet()) {
        out.set(e.getKey().toString(), value(e.getValue(), m.valueType()));
      }
      return out;
    }
    throw new IllegalArgumentException("no JSON form for a column of type " + type);
  }

  private static Object fromJson(JsonNode v, DataType type) {
    if (v.isNull()) {
      return null;
    }
    if (type instanceof StringType) {
      return v.textValue();
    }
    if (type instanceof LongType) {
      return v.longValue();
    }
    if (type instanceof IntegerType) {
      return v.intValue();
    }
    if (type instanceof DoubleType) {
      return v.isTextual() ? Double.parseDouble(v.textValue()) : v.doubleValue();
    }
    if (type instanceof BooleanType) {
      return v.booleanValue();
    }
    if (type instanceof TimestampType) {
      return Timestamp.from(Instant.EPOCH.plus(v.longValue(), ChronoUnit.MICROS));
    }
    if (type instanceof DateType) {
      return Date.valueOf(LocalDate.parse(v.textValue()));
    }
    if (type instanceof ArrayType a) {
      List<Object> out = new ArrayList<>();
      for (JsonNode e : v) {
        out.add(fromJson(e, a.elementType()));
      }
      return CollectionConverters.asScala(out).toSeq();
    }
    if (type instanceof MapType m) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : v.properties()) {
        out.put(e.getKey(), fromJson(e.getValue(), m.valueType()));
      }
      return scala.collection.immutable.Map.from(CollectionConverters.asScala(out));
    }
    throw new IllegalArgumentException("no JSON form for a column of type " + type);
  }

  private static List<?> list(Object v) {
    if (v instanceof List<?> l) {
      return l;
    }
    if (v instanceof scala.collection.Iterable<?> s) {
      return CollectionConverters.asJava(s.toSeq());
    }
    if (v instanceof Object[] a) {
      return List.of(a);
    }
    throw new IllegalArgumentException("not a list: " + v.getClass().getName());
  }

  private static Map<?, ?> map(Object v) {
    if (v instanceof Map<?, ?> m) {
      return m;
    }
    if (v instanceof scala.collection.Map<?, ?> s) {
      return CollectionConverters.asJava(s);
    }
    throw new IllegalArgumentException("not a map: " + v.getClass().getName());
  }
}
