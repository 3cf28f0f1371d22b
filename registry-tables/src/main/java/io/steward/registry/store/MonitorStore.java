package io.steward.registry.store;

import io.steward.common.spec.MonitorSpec;
import io.steward.common.spec.MonitorSpecParser;
import io.steward.registry.tables.StewardTables;
import io.steward.registry.tables.TableDef;
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
   * Registers a spec with no event (fixtures and the benchmark's setup); a model's previous spec
   * stays in the table, marked inactive and superseded. One commit.
   *
   * @return the new registration, and whether it replaced an earlier one
   */
  public static Registration register(
      SparkSession spark, Warehouse warehouse, MonitorSpec spec, String source, String user) {
    Registration r = registration(spark, warehouse, spec, source, user);
    for (Map.Entry<TableDef, List<Effect>> t : Effect.byTable(r.rows()).entrySet()) {
      Effect.write(spark, warehouse, null, t.getKey(), t.getValue());
    }
    return r;
  }

  /**
   * A registration of {@code spec} as rows to write: the new active row, and the model's earlier
   * rows marked inactive (the one that was active, superseded now), each keyed by model and
   * registration id, for an event that carries them ({@link Effect}).
   */
  public static Registration registration(
      SparkSession spark, Warehouse warehouse, MonitorSpec spec, String source, String user) {
    String model = spec.modelId().value();
    Timestamp now = Timestamp.from(Instant.now());
    List<Effect> rows = new ArrayList<>();
    int replaced = 0;
    String activeSha = null;
    for (Row old : SmallTables.rows(spark, warehouse, StewardTables.MONITORS)) {
      if (!model.equals(old.getAs("model_id"))) {
        continue;
      }
      boolean wasActive = old.getBoolean(old.fieldIndex("active"));
      if (!wasActive) {
        continue;
      }
      replaced++;
      activeSha = old.getAs("spec_sha256");
      Object[] values = new Object[old.size()];
      for (int i = 0; i < old.size(); i++) {
        values[i] = old.get(i);
      }
      values[old.fieldIndex("active")] = false;
      values[old.fieldIndex("superseded_at")] = now;
      rows.add(new Effect(StewardTables.MONITORS, KEY, RowFactory.create(values)));
    }
    String id = UUID.randomUUID().toString();
    String sha = sha256(spec.yaml());
    rows.add(
        new Effect(
            StewardTables.MONITORS,
            KEY,
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
                spec.baseline().table().sql())));
    return new Registration(id, sha, replaced > 0, activeSha, rows);
  }

  private static final List<String> KEY = List.of("model_id", "registration_id");

  /**
   * The outcome of a registration.
   *
   * @param replacedSha256 the spec that was active until now, or null
   * @param rows what the registration writes
   */
  public record Registration(
      String registrationId,
      String specSha256,
      boolean replacedEarlier,
      String replacedSha256,
      List<Effect> rows) {}

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
