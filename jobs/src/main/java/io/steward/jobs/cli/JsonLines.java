package io.steward.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Registry records as JSON for {@code --format json}: one document on one line, times ISO-8601. */
final class JsonLines {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private JsonLines() {}

  /** A record's fields as JSON would name them, in order, to add to before printing. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> fields(Object value) {
    return JSON.convertValue(value, LinkedHashMap.class);
  }

  /** One JSON document on one line. */
  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
