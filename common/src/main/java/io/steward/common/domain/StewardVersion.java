package io.steward.common.domain;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of this build, recorded with every run and migration. */
public final class StewardVersion {
  private StewardVersion() {}

  private static final String VERSION = load();

  public static String get() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in =
        StewardVersion.class.getResourceAsStream("/io/steward/version.properties")) {
      if (in == null) {
        throw new IllegalStateException("version.properties is missing from the steward jar");
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
