package io.steward.jobs.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.common.spec.MonitorSpec;
import io.steward.common.spec.MonitorSpecParser;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The demo's monitor specs parse and declare the labels table of a classifier, the inline label of
 * the regression, the slices and the operational settings.
 */
class DemoSpecsTest {
  @Test
  void specsDeclareTheLabelsTablesSlicesAndOperations() {
    DemoLayout layout = new DemoLayout("/data/demo");
    MonitorSpec credit =
        MonitorSpecParser.parse(
            "credit.yaml", DemoSpecs.spec(DemoCatalog.MODELS.get(0), layout, 3, 2000));
    assertEquals(
        "/data/demo/logs/credit_predictions_outcomes",
        credit.labels().orElseThrow().table().path());
    assertEquals("labeled_at", credit.labels().orElseThrow().timestamp());
    assertEquals(null, credit.predictions().label());
    assertEquals(List.of("gender", "age_band"), credit.slices().protectedAttributes());
    assertEquals(List.of(List.of("gender", "age_band")), credit.slices().intersections());
    assertEquals(List.of("region"), credit.slices().other());
    assertEquals(12.0, credit.operations().capacityPerMinute());
    assertEquals(4.0, credit.operations().freshnessSlaHours());

    MonitorSpec collections =
        MonitorSpecParser.parse(
            "collections.yaml", DemoSpecs.spec(DemoCatalog.MODELS.get(5), layout, 0, 2000));
    assertTrue(collections.labels().isEmpty());
    assertEquals("label", collections.predictions().label());
    assertEquals(null, collections.predictions().prediction());
  }
}
