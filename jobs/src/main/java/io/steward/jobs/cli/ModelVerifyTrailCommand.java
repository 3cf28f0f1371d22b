package io.steward.jobs.cli;

import io.steward.common.errors.Errors;
import io.steward.jobs.registry.Dossier;
import io.steward.registry.store.RegistryRecords;
import io.steward.registry.store.Retention;
import io.steward.registry.store.TrailKey;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code steward model verify-trail}: recomputes the hash chain of the lifecycle events. */
@Command(
    name = "verify-trail",
    mixinStandardHelpOptions = true,
    description = {
      "Recompute the hash chain of steward.lifecycle_events; exit 1 naming the first event altered,"
          + " removed or inserted out of band.",
      "Prints the head (N:HASH) to keep outside the warehouse; --expect-head checks that the trail"
          + " still holds it. With STEWARD_TRAIL_KEY_FILE set, keyed events are checked as HMACs."
    })
final class ModelVerifyTrailCommand extends RegistryCommand {
  private static final Pattern HEAD =
      Pattern.compile("#?([1-9][0-9]*)[: ]((?:hmac:)?[0-9a-f]{8,})");

  @Option(
      names = "--expect-head",
      paramLabel = "N:HASH",
      description =
          "A head printed earlier by verify-trail (or recorded in job_runs.trail_head), kept"
              + " elsewhere: exit 1 unless event N is still there with that hash (a prefix of at"
              + " least 8 characters will do).")
  String expectHead;

  @Override
  public Integer call() {
    Matcher expected = null;
    if (expectHead != null) {
      expected = HEAD.matcher(expectHead.strip());
      if (!expected.matches()) {
        throw Errors.badArgument(
            "--expect-head", expectHead, "a head as verify-trail prints it, such as 42:9f86d08188");
      }
    }
    Matcher anchor = expected;
    return reading(
        ctx -> {
          Dossier.TrailCheck check = Dossier.verifyTrail(ctx);
          if (check.broken() != null) {
            err().println("steward: trail broken: " + check.broken());
            return StewardCli.FAILED;
          }
          out()
              .println(
                  "trail intact: "
                      + check.length()
                      + " events, hash chain verified; head "
                      + check.head().seq()
                      + ":"
                      + check.head().hash());
          if (check.keyedFrom() > 0) {
            out()
                .println(
                    check.unverified() == 0
                        ? "keyed from event #" + check.keyedFrom() + ": every HMAC verified"
                        : "keyed from event #"
                            + check.keyedFrom()
                            + ": "
                            + check.unverified()
                            + " HMAC(s) not checked (their order and links were); set"
                            + " STEWARD_TRAIL_KEY_FILE to the trail's key to check them");
          }
          if (check.unlanded() != null) {
            out()
                .println(
                    "pending: "
                        + check.unlanded()
                        + " (a command ended between its two commits); the next writing command"
                        + " completes it");
          }
          for (Retention.Pinned p : Dossier.pinnedAtRisk(ctx)) {
            err()
                .println(
                    "steward: warning: "
                        + p.what()
                        + " is pinned to "
                        + p.table()
                        + " version "
                        + p.version()
                        + (p.unreadable() != null
                            ? ", which can no longer be read back: " + p.unreadable()
                            : ", which may be vacuumed or its log cleaned up from "
                                + p.atRisk().truncatedTo(ChronoUnit.SECONDS)
                                + "; raise that table's delta.deletedFileRetentionDuration and"
                                + " delta.logRetentionDuration to the audit horizon, or keep a"
                                + " copy of the version"));
          }
          if (anchor != null) {
            String missing = anchored(check, Long.parseLong(anchor.group(1)), anchor.group(2));
            if (missing != null) {
              err().println("steward: trail rewritten: " + missing);
              return StewardCli.FAILED;
            }
            out().println("anchored head " + anchor.group(1) + " found: the trail still holds it");
          }
          return StewardCli.OK;
        });
  }

  /** Why the trail does not hold the anchored head; null when it does. */
  private static String anchored(Dossier.TrailCheck check, long seq, String hash) {
    if (seq > check.length()) {
      return "the trail has "
          + check.length()
          + " events but the kept head is event #"
          + seq
          + ": events were removed since it was kept";
    }
    RegistryRecords.Event e = check.events().get((int) seq - 1);
    String stored = e.hash();
    String bare =
        stored.startsWith(TrailKey.PREFIX) ? stored.substring(TrailKey.PREFIX.length()) : stored;
    if (stored.startsWith(hash) || bare.startsWith(hash)) {
      return null;
    }
    return "event #"
        + seq
        + " now has hash "
        + stored
        + ", not the kept "
        + hash
        + ": the trail up to it was rewritten since the head was kept";
  }
}
