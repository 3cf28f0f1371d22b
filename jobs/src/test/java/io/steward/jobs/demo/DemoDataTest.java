package io.steward.jobs.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.registry.testing.TestSpark;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo generator injects what its summary claims, from the days it claims, on a small portfolio
 * (200 predictions per model and night): outcomes that arrive 2 to 20 days after their predictions,
 * the stale marketing feed, the churn latency regression, credit v2's approval gap for applicants
 * aged 18-25 and the fraud score's loss of power. Expected figures are worked out from the
 * generating expressions, not from the generator's earlier output.
 */
class DemoDataTest {
  static final LocalDate START = LocalDate.parse("2026-10-01");
  static final List<DemoCatalog.Model> MODELS = DemoCatalog.models(6);
  static Dataset<Row> credit;
  static Dataset<Row> fraud;
  static Dataset<Row> customer;

  @BeforeAll
  static void generate() {
    credit = generated("credit_predictions");
    fraud = generated("fraud_predictions");
    customer = generated("customer_predictions");
  }

  private static Dataset<Row> generated(String table) {
    Dataset<Row> log =
        DemoData.log(TestSpark.get(), table, MODELS, START, 30, 200, 42).localCheckpoint(true);
    log.createOrReplaceTempView(table);
    return log;
  }

  private static Row one(String sql) {
    return TestSpark.get().sql(sql).first();
  }

  @Test
  void outcomesArriveTwoToTwentyDaysAfterTheirPredictions() {
    Row r =
        one(
            "SELECT min(lag), max(lag), count_if(label NOT IN (0, 1)), percentile(lag, 0.5)"
                + " FROM (SELECT (unix_seconds(labeled_at) - unix_seconds(event_ts)) / 86400D"
                + " AS lag, label FROM credit_predictions)");
    assertTrue(r.getDouble(0) >= 2.0, "earliest label after " + r.getDouble(0) + " days");
    assertTrue(r.getDouble(1) < 20.0, "latest label after " + r.getDouble(1) + " days");
    assertEquals(0L, r.getLong(2));
    // lag = 2 + 18 r^2 with r uniform: the median is 2 + 18 / 4 = 6.5 days.
    assertEquals(6.5, r.getDouble(3), 0.5);

    List<String> logged =
        Arrays.asList(DemoData.predictions(credit, "credit_predictions").columns());
    assertFalse(logged.contains("label") || logged.contains("labeled_at"), logged.toString());
    assertEquals(
        List.of("prediction_id", "label", "labeled_at"),
        Arrays.asList(DemoData.outcomes(credit).columns()));
    assertTrue(
        Arrays.asList(DemoData.predictions(credit, "collections_predictions").columns())
            .contains("label"),
        "the regression keeps its label inline");
  }

  @Test
  void marketingFeedStopsAtTwoPmFromItsDay() {
    Row r =
        one(
            "SELECT count_if(day >= 26 AND hour(event_ts) >= 14),"
                + " count_if(day < 26 AND hour(event_ts) >= 14), count_if(day >= 26)"
                + " FROM (SELECT *, datediff(event_ts, DATE'2026-10-01') AS day"
                + " FROM customer_predictions WHERE model_id = 'marketing_response')");
    assertEquals(0L, r.getLong(0));
    // 10 of 24 hours of 200 predictions a night over 26 nights: about 2,167.
    assertEquals(2167, r.getLong(1), 150);
    // 14 of 24 hours over 4 nights: about 467.
    assertEquals(467, r.getLong(2), 60);
    Row churn =
        one(
            "SELECT count_if(datediff(event_ts, DATE'2026-10-01') >= 26 AND hour(event_ts) >= 14)"
                + " FROM customer_predictions WHERE model_id = 'churn_propensity'");
    assertTrue(churn.getLong(0) > 250, "churn shares the table and keeps logging");
  }

  @Test
  void churnLatencyTriplesFromItsDay() {
    Row r =
        one(
            "SELECT percentile(IF(day < 17, latency_ms, NULL), 0.5),"
                + " min(IF(day >= 17, latency_ms, NULL)),"
                + " percentile(IF(day >= 17, latency_ms, NULL), 0.5)"
                + " FROM (SELECT *, datediff(event_ts, DATE'2026-10-01') AS day"
                + " FROM customer_predictions WHERE model_id = 'churn_propensity')");
    // 18 + 9 |z|: median 18 + 9 * 0.6745 = 24.07 ms; tripled from day 17, at least 54 ms.
    assertEquals(24.07, r.getDouble(0), 0.6);
    assertTrue(r.getDouble(1) >= 54.0, "fastest after the regression: " + r.getDouble(1));
    assertEquals(72.2, r.getDouble(2), 1.8);
  }

  @Test
  void marketingServesV2AndAnUnregisteredV3TakesSomeTrafficFromItsDay() {
    Row r =
        one(
            "SELECT count_if(model_version NOT IN ('v2', 'v3')), min(IF(model_version = 'v3', day,"
                + " NULL)), avg(IF(day >= "
                + DemoCatalog.MARKETING_V3_DAY
                + ", IF(model_version = 'v3', 1D, 0D), NULL))"
                + " FROM (SELECT *, datediff(event_ts, DATE'2026-10-01') AS day"
                + " FROM customer_predictions WHERE model_id = 'marketing_response')");
    assertEquals(0L, r.getLong(0));
    assertEquals(DemoCatalog.MARKETING_V3_DAY, r.getInt(1));
    // u7 > 1.2: 11.5% of the rows.
    assertEquals(0.115, r.getDouble(2), 0.04);
  }

  @Test
  void creditV2ApprovesTheYoungestBandMuchLessOften() {
    Row r =
        one(
            "SELECT avg(IF(model_version = 'v1' AND age_band = '18-25', decision, NULL)),"
                + " avg(IF(model_version = 'v1' AND age_band <> '18-25', decision, NULL)),"
                + " avg(IF(model_version = 'v2' AND age_band = '18-25', decision, NULL)),"
                + " avg(IF(model_version = 'v2' AND age_band <> '18-25', decision, NULL)),"
                + " min(IF(model_version = 'v2', datediff(event_ts, DATE'2026-10-01'), NULL)),"
                + " avg(IF(gender = 'undisclosed', 1D, 0D))"
                + " FROM credit_predictions WHERE model_id = 'credit_limit'");
    // P(N(-0.6, 1.5) > 0) = 0.34 for everyone under v1; v2's logit is N(-0.6, 0.95) (0.26 approved)
    // and takes 0.8 off for 18-25: P(N(-1.4, 0.95) > 0) = 0.07.
    double v1 = r.getDouble(0) / r.getDouble(1);
    double v2 = r.getDouble(2) / r.getDouble(3);
    assertTrue(v1 > 0.8, "v1 parity " + v1);
    assertTrue(v2 < 0.65, "v2 parity " + v2);
    assertEquals(DemoCatalog.CREDIT_V2_DAY, r.getInt(4));
    // A rare group for min_group_size 30 to suppress: u8 > 2.33, 1% of applicants.
    assertEquals(0.01, r.getDouble(5), 0.004);
  }

  @Test
  void fraudDistancesDoubleOnTheHolidayNightsOnly() {
    Row r =
        one(
            "SELECT percentile(IF(day BETWEEN 5 AND 8, distance_km, NULL), 0.5),"
                + " percentile(IF(day NOT BETWEEN 5 AND 8, distance_km, NULL), 0.5)"
                + " FROM (SELECT *, datediff(event_ts, DATE'2026-10-01') AS day"
                + " FROM fraud_predictions)");
    // 35 |z|: median 35 * 0.6745 = 23.6 km; doubled on days 5-8, 47.2 km.
    assertEquals(47.2, r.getDouble(0), 3.0);
    assertEquals(23.6, r.getDouble(1), 1.0);
  }

  @Test
  void fraudScoreLosesPowerFromItsDay() {
    Row r =
        one(
            "SELECT avg(IF(day < 14 AND label = 1, score, NULL))"
                + " - avg(IF(day < 14 AND label = 0, score, NULL)),"
                + " avg(IF(day >= 14 AND label = 1, score, NULL))"
                + " - avg(IF(day >= 14 AND label = 0, score, NULL))"
                + " FROM (SELECT *, datediff(event_ts, DATE'2026-10-01') AS day"
                + " FROM fraud_predictions)");
    assertTrue(r.getDouble(0) > 0.12, "separation before: " + r.getDouble(0));
    assertTrue(r.getDouble(1) < r.getDouble(0) / 2, "separation after: " + r.getDouble(1));
  }

  @Test
  void fraudsChallengersScoreTheSameRequestsInShadowOneCloseToTheChampionOneFar() {
    Dataset<Row> shadow = DemoData.shadow(fraud, "fraud_predictions", MODELS);
    shadow.createOrReplaceTempView("fraud_shadow");
    assertFalse(
        Arrays.asList(shadow.columns()).stream()
            .anyMatch(
                c -> c.startsWith("shadow_score_") || c.equals("label") || c.equals("labeled_at")),
        Arrays.toString(shadow.columns()));
    assertEquals(
        List.of(),
        Arrays.asList(DemoData.predictions(fraud, "fraud_predictions").columns()).stream()
            .filter(c -> c.startsWith("shadow_score_"))
            .toList());
    Row r =
        one(
            "SELECT"
                + " min(IF(s.model_version = 'v2', s.day, NULL)), max(IF(s.model_version = 'v2', s.day, NULL)),"
                + " min(IF(s.model_version = 'v1', s.day, NULL)), count_if(s.model_version = 'v3'),"
                + " avg(IF(s.model_version = 'v2', abs(s.score - l.score), NULL)),"
                + " avg(IF(s.model_version = 'v3', abs(s.score - l.score), NULL)),"
                + " count_if(l.prediction_id IS NULL),"
                + " count_if(s.model_version = l.model_version)"
                + " FROM (SELECT *, datediff(event_ts, DATE'2026-10-01') AS day FROM fraud_shadow) s"
                + " LEFT JOIN fraud_predictions l ON s.prediction_id = l.prediction_id");
    // v2 in shadow until it goes live, then v1 in shadow; v3 all along (200 rows a night).
    assertEquals(0, r.getInt(0));
    assertEquals(DemoCatalog.FRAUD_V2_DAY - 1, r.getInt(1));
    assertEquals(DemoCatalog.FRAUD_V2_DAY, r.getInt(2));
    assertEquals(30L * 200, r.getLong(3));
    assertTrue(r.getDouble(4) < 0.02, "v2's mean distance to the champion " + r.getDouble(4));
    assertTrue(r.getDouble(5) > 0.08, "v3's mean distance to the champion " + r.getDouble(5));
    assertEquals(0L, r.getLong(6), "every shadow row pairs with a champion's row");
    assertEquals(0L, r.getLong(7), "never the version serving that request");
  }
}
