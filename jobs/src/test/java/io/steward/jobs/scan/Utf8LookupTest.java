package io.steward.jobs.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;

class Utf8LookupTest {
  static Utf8Lookup table(int n) {
    String[] names = new String[n];
    int[] values = new int[n];
    for (int i = 0; i < n; i++) {
      names[i] = "k" + i;
      values[i] = i * 3 - 1;
    }
    return new Utf8Lookup(names, values);
  }

  /** Text as it sits inside a longer buffer (the way a row holds it), not a fresh string. */
  static UTF8String inBuffer(String s) {
    byte[] b = ("##" + s + "##").getBytes(StandardCharsets.UTF_8);
    return UTF8String.fromBytes(b, 2, b.length - 4);
  }

  @Test
  void everyNameFindsItsValueAndOthersAreAbsent() {
    for (int n : new int[] {0, 1, 2, 7, 80, 1000}) {
      Utf8Lookup t = table(n);
      for (int i = 0; i < n; i++) {
        assertEquals(i * 3 - 1, t.get(inBuffer("k" + i), -99), "k" + i + " of " + n);
      }
      assertEquals(-99, t.get(inBuffer("k" + n), -99));
      assertEquals(-99, t.get(inBuffer(""), -99));
      assertEquals(-99, t.get(inBuffer("K0"), -99));
    }
  }

  @Test
  void worksAfterTravellingToAnExecutor() throws Exception {
    Utf8Lookup t = table(80);
    t.get(inBuffer("k1"), 0); // built before being serialized: the table itself does not travel
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(t);
    }
    Utf8Lookup back;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      back = (Utf8Lookup) in.readObject();
    }
    for (int i = 0; i < 80; i++) {
      assertEquals(i * 3 - 1, back.get(inBuffer("k" + i), -99));
    }
    assertEquals(-99, back.get(inBuffer("k80"), -99));
  }

  @Test
  void namesAndValuesMustPair() {
    assertThrows(IllegalArgumentException.class, () -> new Utf8Lookup(new String[2], new int[1]));
  }
}
