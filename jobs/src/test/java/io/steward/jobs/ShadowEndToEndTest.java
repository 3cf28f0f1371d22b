package io.steward.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.common.testing.Specs;
import io.steward.registry.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shadow mode through the command line: a legacy champion (v1, never in the registry) and two
 * challengers logged for the same requests, v2 close to it and v3 its mirror image. The nightly run
 * compares them pair by pair; the PRODUCTION gate reads the comparisons and the self-test; after v3
 * is forced live, v2 is watched and the comparison recommends a rollback. Expected figures are
 * computed here from the generated rows by plain loops.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShadowEndToEndTest {
  @TempDir static Path dir;
  static String wh;
  static String log;
  static String labels;
  static String snapshot;
  static String fraudLog;
  static String fraudShadow;

  static final String USER = TestData.ADMIN;
  static final LocalDate FIRST = LocalDate.parse("2026-04-01");
  static final int NIGHTS = 16;
  static final int PER_NIGHT = 60;

  static final StructType LOG =
      new StructType()
          .add("event_ts", DataTypes.TimestampType)
          .add("model_version", DataTypes.StringType)
          .add("prediction_id", DataTypes.StringType)
          .add("score", DataTypes.DoubleType)
          .add("x", DataTypes.DoubleType)
          .add("gender", DataTypes.StringType);
  static final StructType LABELS =
      new StructType()
          .add("prediction_id", DataTypes.StringType)
          .add("outcome", DataTypes.IntegerType)
          .add("labeled_at", DataTypes.TimestampType);
  static final StructType SNAPSHOT =
      new StructType()
          .add("x", DataTypes.DoubleType)
          .add("score", DataTypes.DoubleType)
          .add("label", DataTypes.IntegerType);

  /** A request of night {@code d}: its champion score, label and group. */
  record Request(int d, int i, double score, int label, String gender) {
    String id() {
      return "r-" + d + "-" + i;
    }

    Instant ts() {
      return FIRST
          .plusDays(d)
          .atStartOfDay(ZoneOffset.UTC)
          .toInstant()
          .plus(Duration.ofMinutes(5 + 20L * i));
    }

    /** The score of a version: v1 the champion's, v2 within 0.004 of it, v3 its mirror image. */
    double score(String version) {
      return switch (version) {
        case "v1" -> score;
        case "v2" -> score + (i % 2 == 0 ? 0.004 : -0.004);
        case "v3" -> 1 - score;
        default -> throw new IllegalArgumentException(version);
      };
    }
  }

  static Request request(int d, int i) {
    double score = (((i * 37 + d * 11) % PER_NIGHT) + 0.5) / PER_NIGHT;
    int label = ((i * 13 + d * 7) % 10) < score * 10 ? 1 : 0;
    return new Request(d, i, score, label, i % 2 == 0 ? "F" : "M");
  }

  static List<Request> night(int d) {
    List<Request> out = new ArrayList<>();
    for (int i = 0; i < PER_NIGHT; i++) {
      out.add(request(d, i));
    }
    return out;
  }

  @BeforeAll
  static void data() {
    wh = TestData.initialisedWarehouse(dir.resolve("wh"));
    log = dir.resolve("log").toString();
    labels = dir.resolve("labels").toString();
    snapshot = dir.resolve("snapshot").toString();
    fraudLog = dir.resolve("fraud_log").toString();
    fraudShadow = dir.resolve("fraud_shadow").toString();
    List<Row> logRows = new ArrayList<>();
    List<Row> fraudRows = new ArrayList<>();
    List<Row> fraudShadowRows = new ArrayList<>();
    List<Row> labelRows = new ArrayList<>();
    for (int d = 0; d < NIGHTS; d++) {
      for (Request r : night(d)) {
        for (String v : List.of("v1", "v2", "v3")) {
          logRows.add(
              RowFactory.create(
                  Timestamp.from(r.ts()), v, r.id(), r.score(v), r.score() * 100, r.gender()));
        }
        // A second model, fraud, whose challenger logs to a table of its own (shadow.table).
        fraudRows.add(
            RowFactory.create(
                Timestamp.from(r.ts()), "v1", r.id(), r.score(), r.score() * 100, r.gender()));
        fraudShadowRows.add(
            RowFactory.create(
                Timestamp.from(r.ts()), "v2", r.id(), r.score("v2"), r.score() * 100, r.gender()));
        labelRows.add(
            RowFactory.create(r.id(), r.label(), Timestamp.from(r.ts().plus(Duration.ofHours(2)))));
      }
    }
    TestData.writeDelta(log, logRows, LOG, "overwrite");
    TestData.writeDelta(labels, labelRows, LABELS, "overwrite");
    TestData.writeDelta(fraudLog, fraudRows, LOG, "overwrite");
    TestData.writeDelta(fraudShadow, fraudShadowRows, LOG, "overwrite");
    List<Row> snap = new ArrayList<>();
    for (Request r : night(0)) {
      snap.add(RowFactory.create(r.score() * 100, r.score(), r.label()));
    }
    TestData.writeDelta(snapshot, snap, SNAPSHOT, "overwrite");
  }

  static Cli.Run ok(String... args) {
    Cli.Run r = Cli.runAs(USER, wh, args);
    assertEquals(0, r.code(), r.toString());
    return r;
  }

  static Cli.Run refused(String... args) {
    Cli.Run r = Cli.runAs(USER, wh, args);
    assertEquals(2, r.code(), r.toString());
    return r;
  }

  static List<Row> comparisons(String where) {
    return TestSpark.get()
        .sql(
            "SELECT * FROM delta.`"
                + wh
                + "/steward/shadow_comparisons` WHERE model_id = 'card' AND "
                + where
                + " ORDER BY window_start, challenger_version")
        .collectAsList();
  }

  static String on(int d) {
    return "window_start = TIMESTAMP '" + FIRST.plusDays(d) + " 00:00:00'";
  }

  /** Exact AUC of a version's scores on night d's requests, by counting pairs, ties half. */
  static double auc(int d, String version) {
    double won = 0;
    long pairs = 0;
    for (Request p : night(d)) {
      for (Request q : night(d)) {
        if (p.label() == 1 && q.label() == 0) {
          pairs++;
          double a = p.score(version);
          double b = q.score(version);
          won += a > b ? 1 : a == b ? 0.5 : 0;
        }
      }
    }
    return won / pairs;
  }

  @Test
  @Order(1)
  void setUp() throws IOException {
    ok("monitor", "register", "--spec", spec("{consecutive_windows: 30}").toString());
    ok("baseline", "--model", "card");
    Path fraud = dir.resolve("fraud.yaml");
    Files.writeString(
        fraud,
        Specs.binary("fraud")
            .predictions(Specs.delta(fraudLog))
            .withoutColumn("model_id")
            .labels(Specs.delta(labels))
            .numeric("x")
            .protectedSlices("gender")
            .baseline(Specs.delta(snapshot))
            .baselineVersion(0)
            .set("decision_threshold", 0.5)
            .set("favorable_prediction", 1)
            .set("min_group_size", 5)
            .set(
                "shadow",
                "{table: \"" + Specs.delta(fraudShadow) + "\", champion: v1, min_pairs: 50}")
            .set("thresholds", "{consecutive_windows: 30}")
            .yaml());
    ok("monitor", "register", "--spec", fraud.toString());
    ok("baseline", "--model", "fraud");
    ok(
        "model",
        "register",
        "--id",
        "card",
        "--name",
        "Card limit",
        "--owner",
        USER,
        "--risk-tier",
        "LOW",
        "--use-case",
        "Credit limits",
        "--success-criteria",
        "auc>=0.7");
    for (String v : List.of("v2", "v3")) {
      ok(
          "model",
          "version",
          "add",
          "--id",
          "card",
          "--version",
          v,
          "--training-table",
          "delta.`" + snapshot + "`",
          "--training-version",
          "0");
    }
    ok(
        "model",
        "transition",
        "--id",
        "card",
        "--to",
        "DEVELOPMENT",
        "--reason",
        "set up",
        "--override");
    ok(
        "model",
        "transition",
        "--id",
        "card",
        "--version",
        "v2",
        "--to",
        "VALIDATION",
        "--reason",
        "set up",
        "--override");
    ok(
        "model",
        "transition",
        "--id",
        "card",
        "--to",
        "DEPLOYMENT",
        "--reason",
        "set up",
        "--override");
    ok("artifact", "add", "--model", "card", "--kind", "RUNBOOK", "--uri", "s3://runbooks/card.md");
    ok("model", "approve", "--id", "card", "--gate", "PRODUCTION");
  }

  /** The model's spec file with these thresholds. */
  static Path spec(String thresholds) throws IOException {
    Path spec = dir.resolve("card.yaml");
    Files.writeString(
        spec,
        Specs.binary("card")
            .predictions(Specs.delta(log))
            .withoutColumn("model_id")
            .labels(Specs.delta(labels))
            .labelTimestamp("labeled_at")
            .numeric("x")
            .protectedSlices("gender")
            .baseline(Specs.delta(snapshot))
            .baselineVersion(0)
            .baselineLabel("label")
            .set("decision_threshold", 0.5)
            .set("favorable_prediction", 1)
            .set("min_group_size", 5)
            .set("shadow", "{champion: v1, min_pairs: 50}")
            // The rules are not this test's subject: no alert opens within its 16 nights.
            .set("thresholds", thresholds)
            .yaml());
    return spec;
  }

  @Test
  @Order(2)
  void eachNightComparesEveryChallengerWithTheChampionPairByPair() {
    ok("nightly", "--from", FIRST.toString(), "--to", FIRST.plusDays(12).toString());
    assertEquals(26, comparisons("true").size(), "13 nights of two challengers");
    List<Row> night = comparisons(on(4));
    assertEquals(2, night.size());
    Row v2 = night.get(0);
    Row v3 = night.get(1);
    assertEquals("v1", v2.getAs("champion_version"));
    assertEquals("v2", v2.getAs("challenger_version"));
    assertEquals("DAY", v2.getAs("granularity"));
    assertFalse(v2.<Boolean>getAs("watching"));
    List<Request> requests = night(4);
    double v3Diff = 0;
    long v3Agree = 0;
    long v2Agree = 0;
    for (Request r : requests) {
      v3Diff += Math.abs(r.score("v3") - r.score());
      v3Agree += (r.score("v3") >= 0.5) == (r.score() >= 0.5) ? 1 : 0;
      v2Agree += (r.score("v2") >= 0.5) == (r.score() >= 0.5) ? 1 : 0;
    }
    for (Row r : night) {
      assertEquals(60L, r.<Long>getAs("pairs"));
      assertEquals(1.0, r.<Double>getAs("coverage"), 1e-12);
      assertEquals(60L, r.<Long>getAs("labelled_pairs"));
      assertEquals(auc(4, "v1"), r.<Double>getAs("champion_auc"), 1e-9);
    }
    assertEquals(v2Agree / 60.0, v2.<Double>getAs("agreement"), 1e-12);
    assertEquals(0.004, v2.<Double>getAs("mean_abs_diff"), 1e-9);
    assertEquals(auc(4, "v2"), v2.<Double>getAs("challenger_auc"), 1e-9);
    assertEquals("PROMOTE", v2.getAs("verdict"), v2.toString());
    assertTrue(v2.<Boolean>getAs("enough_pairs"));
    assertFalse(v2.<Boolean>getAs("material_discrepancy"));

    assertEquals(v3Agree / 60.0, v3.<Double>getAs("agreement"), 1e-12);
    assertEquals(v3Diff / 60, v3.<Double>getAs("mean_abs_diff"), 1e-9);
    assertEquals(auc(4, "v3"), v3.<Double>getAs("challenger_auc"), 1e-9);
    assertEquals(1 - auc(4, "v1"), v3.<Double>getAs("challenger_auc"), 1e-9);
    assertEquals("KEEP", v3.getAs("verdict"));
    assertTrue(v3.<Boolean>getAs("material_discrepancy"));
    assertTrue(
        String.join("; ", v3.<String>getList(v3.fieldIndex("reasons")))
            .contains("decisions disagree on"),
        v3.toString());

    // Shadow mode's rows stay out of the other results tables.
    long leaked =
        TestSpark.get()
            .sql(
                "SELECT count(*) FROM delta.`"
                    + wh
                    + "/steward/performance_metrics` WHERE model_version NOT IN ('v1', 'v2', 'v3')")
            .first()
            .getLong(0);
    assertEquals(0, leaked);
    // Each version's own figures are still there, from the same scan.
    long versions =
        TestSpark.get()
            .sql(
                "SELECT count(DISTINCT model_version) FROM delta.`"
                    + wh
                    + "/steward/performance_metrics` WHERE "
                    + on(4)
                    + " AND model_version IS NOT NULL")
            .first()
            .getLong(0);
    assertEquals(3, versions);

    // fraud's challenger, in a table of its own, is paired in the same scan.
    Row fraud =
        TestSpark.get()
            .sql(
                "SELECT champion_version, challenger_version, pairs, mean_abs_diff, verdict FROM"
                    + " delta.`"
                    + wh
                    + "/steward/shadow_comparisons` WHERE model_id = 'fraud' AND "
                    + on(4))
            .first();
    assertEquals(
        List.of("v1", "v2", 60L, "PROMOTE"),
        List.of(fraud.get(0), fraud.get(1), fraud.get(2), fraud.get(4)));
    assertEquals(0.004, fraud.getDouble(3), 1e-9);
    Row input =
        TestSpark.get()
            .sql(
                "SELECT i.`table`, i.scans FROM (SELECT explode(inputs) AS i FROM delta.`"
                    + wh
                    + "/steward/job_runs` WHERE status = 'SUCCEEDED') WHERE i.role = 'shadow"
                    + " predictions'")
            .first();
    assertTrue(input.getString(0).contains("fraud_shadow"), input.toString());
    assertEquals(1, input.getInt(1), "the shadow table read once, in the scan");
  }

  @Test
  @Order(3)
  void rerunningANightReplacesItsComparisons() {
    ok("nightly", "--date", FIRST.plusDays(12).toString());
    assertEquals(26, comparisons("true").size());
    assertEquals(2, comparisons(on(12)).size());
  }

  @Test
  @Order(4)
  void theGateRefusesThirteenNightsAndADiscrepantChallenger() {
    Cli.Run v2 =
        refused(
            "model",
            "transition",
            "--id",
            "card",
            "--version",
            "v2",
            "--to",
            "PRODUCTION",
            "--reason",
            "go live");
    assertTrue(
        v2.lastErr()
            .contains(
                "14 consecutive nights of shadow mode with enough pairs and no material"
                    + " discrepancy: 2026-03-31 to 2026-04-13 has 13; no comparison on 2026-03-31"),
        v2.toString());
    Cli.Run v3 =
        refused(
            "model",
            "transition",
            "--id",
            "card",
            "--version",
            "v3",
            "--to",
            "PRODUCTION",
            "--reason",
            "go live");
    assertTrue(
        v3.lastErr()
            .contains(
                "has 0; no comparison on 2026-03-31; discrepant or too few pairs on"
                    + " 2026-04-01 to 2026-04-13 (the latest, 2026-04-13: against v1: decisions"
                    + " disagree on"),
        v3.toString());
  }

  @Test
  @Order(5)
  void fourteenCleanNightsAndAPassingSelfTestOpenTheGate() {
    ok("nightly", "--date", FIRST.plusDays(13).toString());
    Cli.Run noSelfTest =
        refused(
            "model",
            "transition",
            "--id",
            "card",
            "--version",
            "v2",
            "--to",
            "PRODUCTION",
            "--reason",
            "go live");
    assertEquals(
        "steward: error: refused: move card from DEPLOYMENT to PRODUCTION; missing: a passing"
            + " alert self-test (steward monitor selftest --model card; none recorded yet)",
        noSelfTest.lastErr());
  }

  @Test
  @Order(6)
  void aSelfTestWithARuleTurnedOffFailsAndKeepsTheGateShut() throws IOException {
    ok(
        "monitor",
        "register",
        "--spec",
        spec("{consecutive_windows: 30, parity_ratio_warn: null, parity_ratio_min: null}")
            .toString());
    Cli.Run r = Cli.runAs(USER, wh, "monitor", "selftest", "--model", "card");
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.out().contains("of its log in the week to 2026-04-14"), r.out());
    assertTrue(
        r.out()
            .contains(
                "failed: group_disparity: rule parity_ratio is off in this model's thresholds"),
        r.out());
    assertTrue(r.out().contains("FAIL: recorded as the ALERT_SELFTEST evidence of card"), r.out());
    Cli.Run gate =
        refused(
            "model",
            "transition",
            "--id",
            "card",
            "--version",
            "v2",
            "--to",
            "PRODUCTION",
            "--reason",
            "go live");
    assertTrue(
        gate.lastErr()
            .contains(
                "a passing alert self-test (the latest, on "
                    + LocalDate.now(ZoneOffset.UTC)
                    + ", failed"),
        gate.toString());
    // Nobody can add the evidence by hand.
    Cli.Run forged =
        refused(
            "artifact",
            "add",
            "--model",
            "card",
            "--kind",
            "ALERT_SELFTEST",
            "--uri",
            "x",
            "--outcome",
            "PASS");
    assertTrue(
        forged.lastErr().contains("ALERT_SELFTEST evidence is written by steward monitor selftest"),
        forged.toString());
  }

  @Test
  @Order(7)
  void aPassingSelfTestAndFourteenCleanNightsTakeTheChallengerLive() throws IOException {
    ok("monitor", "register", "--spec", spec("{consecutive_windows: 30}").toString());
    Cli.Run r = ok("monitor", "selftest", "--model", "card");
    String out = r.out();
    for (String fired :
        List.of(
            "feature_shift", "score_shift", "missing_spike", "out_of_range", "group_disparity")) {
      assertTrue(
          out.lines().anyMatch(l -> l.startsWith(fired) && l.contains("FIRED CRITICAL")),
          fired + " in " + out);
    }
    assertTrue(out.lines().anyMatch(l -> l.startsWith("control") && l.contains("quiet")), out);
    assertTrue(
        out.lines()
            .anyMatch(l -> l.startsWith("latency_spike") && l.contains("n/a: no latency column")),
        out);
    assertTrue(out.contains("PASS: recorded as the ALERT_SELFTEST evidence of card"), out);
    ok(
        "model",
        "transition",
        "--id",
        "card",
        "--version",
        "v2",
        "--to",
        "PRODUCTION",
        "--reason",
        "14 clean nights in shadow",
        "--effective-on",
        "2026-04-14");
    Row m =
        TestSpark.get()
            .sql("SELECT stage, champion_version FROM delta.`" + wh + "/steward/models`")
            .first();
    assertEquals(List.of("PRODUCTION", "v2"), List.of(m.getString(0), m.getString(1)));
    long overrides =
        TestSpark.get()
            .sql(
                "SELECT count(*) FROM delta.`"
                    + wh
                    + "/steward/lifecycle_events` WHERE event_type = 'OVERRIDDEN'"
                    + " AND to_stage = 'PRODUCTION'")
            .first()
            .getLong(0);
    assertEquals(0, overrides, "production on evidence, not by override");

    // A monitored model that is not in the registry is self-tested too; nothing is recorded.
    Cli.Run fraud = ok("monitor", "selftest", "--model", "fraud");
    assertTrue(
        fraud
            .out()
            .contains(
                "PASS: fraud is not in the registry, so no ALERT_SELFTEST artifact was written"),
        fraud.out());
  }

  @Test
  @Order(8)
  void aChallengerForcedLiveIsWatchedAgainstTheOldChampionAndRolledBack() {
    for (String stage : List.of("VALIDATION", "DEPLOYMENT")) {
      ok(
          "model",
          "transition",
          "--id",
          "card",
          "--version",
          "v3",
          "--to",
          stage,
          "--reason",
          "set up",
          "--override");
    }
    ok(
        "model",
        "transition",
        "--id",
        "card",
        "--version",
        "v3",
        "--to",
        "PRODUCTION",
        "--reason",
        "business deadline",
        "--override",
        "--effective-on",
        "2026-04-15");
    Row overridden =
        TestSpark.get()
            .sql(
                "SELECT evidence FROM delta.`"
                    + wh
                    + "/steward/lifecycle_events` WHERE event_type = 'OVERRIDDEN'"
                    + " AND to_stage = 'PRODUCTION' AND version = 'v3'")
            .first();
    assertTrue(
        overridden.getString(0).contains("discrepant or too few pairs on"), overridden.toString());

    Cli.Run night = Cli.runAs(USER, wh, "nightly", "--date", FIRST.plusDays(14).toString());
    assertTrue(night.code() == 0 || night.code() == 3, night.toString());
    List<Row> watched = comparisons(on(14));
    assertEquals(2, watched.size(), watched.toString());
    Row v1 = watched.get(0);
    Row v2 = watched.get(1);
    assertEquals("v3", v1.getAs("champion_version"), "the registry's champion now");
    assertFalse(v1.<Boolean>getAs("watching"), "v1 was never the registry's champion");
    assertEquals("v2", v2.getAs("challenger_version"));
    assertTrue(v2.<Boolean>getAs("watching"), v2.toString());
    assertEquals("ROLLBACK", v2.getAs("verdict"), v2.toString());
    assertEquals(auc(14, "v3"), v2.<Double>getAs("champion_auc"), 1e-9);

    Row trigger =
        TestSpark.get()
            .sql(
                "SELECT model_version, reason, status, evidence FROM delta.`"
                    + wh
                    + "/steward/triggers` WHERE kind = 'ROLLBACK'")
            .first();
    assertEquals("v3", trigger.getString(0));
    assertEquals("SHADOW_COMPARISON", trigger.getString(1));
    assertEquals("OPEN", trigger.getString(2));
    assertTrue(
        trigger.getString(3).startsWith("shadow comparison of champion v3 with v2 on 2026-04-15"),
        trigger.getString(3));
  }
}
