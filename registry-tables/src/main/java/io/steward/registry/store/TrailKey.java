package io.steward.registry.store;

import io.steward.common.errors.Errors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The optional key of the lifecycle trail. With it, each new event's hash is an HMAC-SHA256 of its
 * fields and the previous hash under the key, written as {@code hmac:<hex>}: whoever can rewrite
 * the events table but does not hold the key cannot recompute the chain, so a full rewrite is
 * detected. The key lives outside the warehouse, in the file that {@code STEWARD_TRAIL_KEY_FILE}
 * (or the system property {@code steward.trail.key.file}) names; its bytes, surrounding whitespace
 * removed, are the key.
 */
public final class TrailKey {
  public static final String PREFIX = "hmac:";

  /** The shortest key accepted, in bytes. */
  static final int MIN_BYTES = 32;

  private final byte[] key;

  private TrailKey(byte[] key) {
    this.key = key;
  }

  /** The key this process was given, or null when none is configured. */
  public static TrailKey configured() {
    String file =
        System.getProperty("steward.trail.key.file", System.getenv("STEWARD_TRAIL_KEY_FILE"));
    if (file == null || file.isBlank()) {
      return null;
    }
    return fromFile(Path.of(file.strip()));
  }

  /** The key held in {@code file}. */
  public static TrailKey fromFile(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw Errors.trailKeyUnreadable(file.toString(), "cannot be read (" + e + ")");
    }
    byte[] key = new String(bytes, StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8);
    if (key.length < MIN_BYTES) {
      throw Errors.trailKeyUnreadable(
          file.toString(), "holds " + key.length + " bytes, fewer than " + MIN_BYTES);
    }
    return new TrailKey(key);
  }

  /** A key from its bytes (tests). */
  static TrailKey of(byte[] key) {
    return new TrailKey(Arrays.copyOf(key, key.length));
  }

  /** The keyed hash of a canonical event text, as stored. */
  String hash(String canonical) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return PREFIX
          + HexFormat.of().formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 is missing from this JVM", e);
    }
  }

  /** Whether a stored hash is keyed. */
  public static boolean keyed(String hash) {
    return hash != null && hash.startsWith(PREFIX);
  }
}
