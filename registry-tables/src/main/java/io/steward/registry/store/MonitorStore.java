package io.steward.registry.store;

import io.steward.common.spec.MonitorSpec;
import io.steward.common.spec.MonitorSpecParser;
import io.steward.registry.tables.StewardTables;
import io.steward.registry.warehouse.SmallTables;
import io.steward.registry.warehouse.Warehouse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/** Reads and writes monitor specs in {@code steward.monitors}. */
public final class MonitorStore {
  private MonitorStore() {}

  /** A registered spec and when it was registered. */
  public record Registered(MonitorSpec spec, String registrationId, String specSha256) {}

  /**
   * Registers a spec; a model's previous spec stays in the table, marked inactive and superseded.
   * One commit.
   *
   * @return the new registration, and whether it replaced an earlier one
   */
  public static Registration register(
      SparkSession spark, Warehouse warehouse, MonitorSpec spec, String source, String user) {
    String model = spec.modelId().value();
    Timestamp now = Timestamp.from(Instant.now());
    List<Row> rows = new ArrayList<>();
    int replaced = 0;
    for (Row old : SmallTables.rows(spark, warehouse, StewardTables.MONITORS)) {
      if (!model.equals(old.getAs("model_id"))) {
        continue;
      }
      boolean wasActive = old.getBoolean(old.fieldIndex("active"));
      replaced += wasActive ? 1 : 0;
      Object[] values = new Object[old.size()];
      for (int i = 0; i < old.size(); i++) {
        values[i] = old.get(i);
      }
      values[old.fieldIndex("active")] = false;
      if (wasActive) {
        values[old.fieldIndex("superseded_at")] = now;
      }
      rows.add(RowFactory.create(values));
    }
    String id = UUID.randomUUID().toString();
    String sha = sha256(spec.yaml());
    rows.add(
        RowFactory.create(
            model,
            id,
            true,
            now,
            user,
            null,
            source,
            sha,
            spec.yaml(),
            spec.predictions().table().sql(),
            spec.baseline().table().sql()));
    TableWriter.replace(
        warehouse,
        StewardTables.MONITORS,
        spark.createDataFrame(rows, StewardTables.MONITORS.schema()),
        "model_id = " + TableWriter.literal(model));
    return new Registration(id, sha, replaced > 0);
  }

  /** The outcome of a registration. */
  public record Registration(String registrationId, String specSha256, boolean replacedEarlier) {}

  /** The active spec of every model, by model id, in id order. */
  public static Map<String, Registered> active(SparkSession spark, Warehouse warehouse) {
    Map<String, Registered> specs = new LinkedHashMap<>();
    for (Row r :
        SmallTables.rows(spark, warehouse, StewardTables.MONITORS).stream()
            .filter(r -> r.<Boolean>getAs("active"))
            .sorted(SmallTables.by("model_id"))
            .toList()) {
      MonitorSpec spec = MonitorSpecParser.parse(r.getAs("spec_source"), r.getAs("spec_yaml"));
      specs.put(
          r.getAs("model_id"),
          new Registered(spec, r.getAs("registration_id"), r.getAs("spec_sha256")));
    }
    return specs;
  }

  static String sha256(String text) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(d.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
