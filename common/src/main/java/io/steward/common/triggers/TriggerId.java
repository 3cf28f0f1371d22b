package io.steward.common.triggers;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A trigger's id, stable over (model, version, kind, reason): every audit that finds the same thing
 * computes the same id, so rerunning it never opens the thing twice. The first episode is {@code
 * zombie-1a2b3c4d5e6f}; when a trigger was actioned and the same thing comes back, the new episode
 * is {@code zombie-1a2b3c4d5e6f-2}, and so on.
 */
public final class TriggerId {
  private TriggerId() {}

  /** The id of the first episode. */
  public static String of(String modelId, String version, TriggerKind kind, String reason) {
    String key =
        modelId + "\u0000" + (version == null ? "" : version) + "\u0000" + kind + "\u0000" + reason;
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return kind.name().toLowerCase(Locale.ROOT) + "-" + HexFormat.of().formatHex(d, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** The id of episode {@code n} (1 for the first). */
  public static String episode(String firstId, int n) {
    if (n < 1) {
      throw new IllegalArgumentException("an episode number starts at 1, not " + n);
    }
    return n == 1 ? firstId : firstId + "-" + n;
  }
}
