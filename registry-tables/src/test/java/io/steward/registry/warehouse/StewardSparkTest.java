package io.steward.registry.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.steward.common.errors.StewardException;
import org.junit.jupiter.api.Test;

class StewardSparkTest {
  @Test
  void deltaIsAddedToGivenExtensionsOnce() {
    assertEquals(StewardSpark.DELTA_EXTENSION, StewardSpark.withDelta(""));
    assertEquals(
        "org.example.Ext," + StewardSpark.DELTA_EXTENSION,
        StewardSpark.withDelta(" org.example.Ext "));
    assertEquals(
        "org.example.Ext," + StewardSpark.DELTA_EXTENSION,
        StewardSpark.withDelta(
            "org.example.Ext," + StewardSpark.DELTA_EXTENSION + ",org.example.Ext"));
  }

  @Test
  void mastersSparkKnowsAreAccepted() {
    for (String m :
        new String[] {
          "local",
          "local[*]",
          "local[2]",
          "local[4,3]",
          "local-cluster[2,1,1024]",
          "spark://127.0.0.1:7077",
          "spark://h1:7077,h2:7077",
          "yarn",
          "k8s://https://10.0.0.1:6443"
        }) {
      StewardSpark.requireKnownMaster(m);
    }
  }

  @Test
  void anUnknownMasterIsAUserErrorNamingTheForms() {
    for (String m : new String[] {"spark//host:7077", "local[0]", "mesos://h:5050", "", "yarn "}) {
      StewardException e =
          assertThrows(StewardException.class, () -> StewardSpark.requireKnownMaster(m));
      assertEquals(
          "Spark master '"
              + m
              + "' cannot be used (not a master URL Spark knows); give local[*], local[N],"
              + " spark://HOST:PORT, yarn or k8s://https://HOST:PORT",
          e.getMessage());
    }
  }
}
