package io.steward.registry.warehouse;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a warehouse lock's file says about the process holding it: a first line {@code PURPOSE, pid
 * N, user U, host H, since T}, and a second {@code last: LINE}, the latest progress line the holder
 * printed. A holder that releases the lock empties the file, so a note that the next holder finds
 * is that of a process that died holding the lock.
 *
 * @param holder the first line, as shown to a process that finds the lock held
 * @param pid the holder's process id, null when the line does not say
 * @param host the holder's host, null when the line does not say (a Steward before the host was
 *     written)
 * @param since when the holder took the lock, null when the line does not say
 * @param last the holder's latest progress line, null before its first
 */
public record HolderNote(String holder, Long pid, String host, Instant since, String last) {
  private static final Pattern FIELDS =
      Pattern.compile(".*, pid (\\d{1,18}), user .*?(?:, host (.+?))?, since (\\S+)");
  private static final String LAST = "last: ";

  /** The note of a process taking the lock now. */
  static HolderNote of(String purpose, long pid, String user, String host, Instant since) {
    return new HolderNote(
        purpose + ", pid " + pid + ", user " + user + ", host " + host + ", since " + since,
        pid,
        host,
        since,
        null);
  }

  /**
   * Reads a lock file's text.
   *
   * @return empty when the file is empty: the lock was released, or never taken
   */
  static Optional<HolderNote> parse(String text) {
    String t = text == null ? "" : text.strip();
    if (t.isEmpty()) {
      return Optional.empty();
    }
    String[] lines = t.split("\n", 2);
    String first = lines[0].strip();
    String last = null;
    if (lines.length > 1 && lines[1].strip().startsWith(LAST)) {
      last = lines[1].strip().substring(LAST.length());
    }
    Matcher m = FIELDS.matcher(first);
    if (!m.matches()) {
      return Optional.of(new HolderNote(first, null, null, null, last));
    }
    Instant since;
    try {
      since = Instant.parse(m.group(3));
    } catch (DateTimeParseException e) {
      since = null;
    }
    return Optional.of(new HolderNote(first, Long.parseLong(m.group(1)), m.group(2), since, last));
  }

  /** This note with {@code line} as the holder's latest progress line (kept to one line). */
  HolderNote reporting(String line) {
    return new HolderNote(holder, pid, host, since, line.strip().replaceAll("\\s*\\R\\s*", " "));
  }

  /** The file's text. */
  String text() {
    return last == null ? holder + "\n" : holder + "\n" + LAST + last + "\n";
  }

  /** One line for messages: the holder, and its latest progress line when there is one. */
  public String describe() {
    return last == null ? holder : holder + "; last: " + last;
  }
}
