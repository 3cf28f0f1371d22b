package io.steward.registry.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class TableReferencesTest {
  private static Optional<String> named(String sql) {
    return TableReferences.firstNamed(StewardTables.REGISTRY, sql).map(TableDef::name);
  }

  @Test
  void aRegistryTableIsFoundByNameInAnyCaseAndQuoting() {
    assertEquals(Optional.of("models"), named("DELETE FROM steward.models WHERE 1=1"));
    assertEquals(Optional.of("models"), named("update STEWARD . `models` set owner = 'x'"));
    assertEquals(Optional.of("lifecycle_events"), named("TRUNCATE TABLE steward.lifecycle_events"));
  }

  @Test
  void aRegistryTableIsFoundByItsPath() {
    assertEquals(
        Optional.of("principals"),
        named("DELETE FROM delta.`/wh/steward/principals` WHERE role = 'APPROVER'"));
    assertEquals(Optional.of("baselines"), named("DROP TABLE delta.`/wh/steward/baselines/`"));
  }

  @Test
  void otherTablesAndLongerNamesAreNot() {
    assertEquals(Optional.empty(), named("DELETE FROM steward.feature_drift"));
    assertEquals(Optional.empty(), named("INSERT INTO steward.models_backup SELECT 1"));
    assertEquals(Optional.empty(), named("SELECT * FROM bank.models"));
  }
}
