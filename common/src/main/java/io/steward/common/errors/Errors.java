package io.steward.common.errors;

import java.util.Collection;

/** The one place where user-facing error messages are written. */
public final class Errors {
  private Errors() {}

  public static StewardException specUnreadable(String source, String detail) {
    return new StewardException(
        "monitor spec " + source + " is not valid YAML (" + oneLine(detail) + "); fix the syntax");
  }

  public static StewardException specMissingKey(String source, String key, String hint) {
    return new StewardException(
        "monitor spec " + source + " has no '" + key + "'; add it (" + hint + ")");
  }

  public static StewardException specBadValue(
      String source, String key, Object value, String expected) {
    return new StewardException(
        "monitor spec "
            + source
            + ": '"
            + key
            + "' is "
            + (value == null ? "empty" : "'" + value + "'")
            + " but must be "
            + expected);
  }

  public static StewardException specUnknownKey(
      String source, String key, Collection<String> allowed) {
    return new StewardException(
        "monitor spec "
            + source
            + " has an unknown key '"
            + key
            + "'; expected one of "
            + String.join(", ", allowed)
            + " (check the spelling)");
  }

  public static StewardException columnMissing(
      String table, String column, String key, Collection<String> available) {
    return new StewardException(
        "column '"
            + column
            + "' (spec key '"
            + key
            + "') does not exist in "
            + table
            + "; use one of: "
            + String.join(", ", available));
  }

  public static StewardException columnWrongType(
      String table, String column, String key, String actual, String expected) {
    return new StewardException(
        "column '"
            + column
            + "' of "
            + table
            + " (spec key '"
            + key
            + "') has type "
            + actual
            + " but must be "
            + expected
            + "; point the spec at "
            + (expected.startsWith("a ") ? expected : "a " + expected)
            + " column or cast it upstream");
  }

  public static StewardException tableMissing(String table, String detail) {
    return new StewardException(
        "table "
            + table
            + " cannot be read ("
            + oneLine(detail)
            + "); check the path or name in the spec");
  }

  public static StewardException tableVersionMissing(String table, long version, long latest) {
    return tableVersionMissing(table, version, latest, "the spec's baseline.version");
  }

  /**
   * @param where what names the version, so the message says what to change
   */
  public static StewardException tableVersionMissing(
      String table, long version, long latest, String where) {
    return new StewardException(
        "table "
            + table
            + " has no Delta version "
            + version
            + " (latest is "
            + latest
            + ", or it was vacuumed); pin an existing version in "
            + where);
  }

  public static StewardException noMonitors() {
    return new StewardException(
        "no monitors are registered in this warehouse; register one with: steward monitor"
            + " register --spec FILE.yaml");
  }

  public static StewardException unknownModel(String modelId, Collection<String> known) {
    return new StewardException(
        "no monitor is registered for model '"
            + modelId
            + "'"
            + (known.isEmpty()
                ? "; register one with: steward monitor register --spec FILE.yaml"
                : "; known models: "
                    + String.join(", ", known)
                    + " (or register it with: steward monitor register --spec FILE.yaml)"));
  }

  public static StewardException noBaseline(String modelId) {
    return new StewardException(
        "model '"
            + modelId
            + "' has no baseline; build it with: steward baseline --model "
            + modelId);
  }

  public static StewardException staleBaseline(String modelId, String feature) {
    return new StewardException(
        "the baseline of model '"
            + modelId
            + "' has no feature '"
            + feature
            + "' that its monitor spec now declares; rebuild it with: steward baseline --model "
            + modelId);
  }

  public static StewardException missingOption(String option, String what) {
    return new StewardException("option " + option + " is missing: give " + what);
  }

  /** The alert self-test found no rows to sample. */
  public static StewardException nothingToSelfTest(String model, Object night) {
    return new StewardException(
        "monitor selftest: "
            + model
            + " has no rows on "
            + night
            + " and its baseline snapshot is empty; give a --night with traffic");
  }

  public static StewardException badArgument(String option, Object value, String expected) {
    return new StewardException("option " + option + " is '" + value + "' but must be " + expected);
  }

  public static StewardException notAWarehouse(String path, String detail) {
    return new StewardException(
        "warehouse "
            + path
            + " is not initialised ("
            + oneLine(detail)
            + "); run: steward init --warehouse "
            + path);
  }

  public static StewardException newerWarehouse(String path, int found, int supported) {
    return new StewardException(
        "warehouse "
            + path
            + " has schema version "
            + found
            + " but this steward knows only up to "
            + supported
            + "; upgrade steward");
  }

  /**
   * Another process wrote event {@code seq} of the trail first.
   *
   * @param winner what the other process's event was (type, actor, time), or null when unknown
   */
  public static TrailMovedException trailMoved(long seq, String winner) {
    return new TrailMovedException(
        "another process wrote event #"
            + seq
            + " of the lifecycle trail"
            + (winner == null ? "" : " (" + winner + ")")
            + " while this command was deciding; nothing of this command was recorded; run it"
            + " again to decide on the new state",
        true);
  }

  /** The trail key file cannot be used. */
  public static StewardException trailKeyUnreadable(String file, String why) {
    return new StewardException(
        "STEWARD_TRAIL_KEY_FILE names "
            + file
            + ", which "
            + why
            + "; point it at a readable file holding the trail's key (at least 32 bytes, e.g."
            + " from: head -c 32 /dev/urandom | base64)");
  }

  /** A keyed trail, and no key (or another key) in this process. */
  public static StewardException trailKeyNeeded(long seq, boolean mismatch) {
    return new StewardException(
        mismatch
            ? "the key in STEWARD_TRAIL_KEY_FILE does not match the trail's: event #"
                + seq
                + " does not verify under it; use the warehouse's trail key"
            : "the lifecycle trail is keyed (event #"
                + seq
                + " is an HMAC) and this process has no key; set STEWARD_TRAIL_KEY_FILE to the"
                + " warehouse's trail key file to record changes");
  }

  /** A run that started later committed the same windows' results before this one. */
  public static StewardException resultsOvertaken(String table, String laterStart) {
    return new StewardException(
        "a run that started later (at "
            + laterStart
            + ") committed these nights' results to "
            + table
            + " first, from another process or host; its results stand and this run's were not"
            + " kept; nothing to do unless the inputs changed since (then rerun the nights)");
  }

  /** A change on the trail had not landed in the tables this command read; it was applied now. */
  public static TrailMovedException trailRepaired(long seq, String tables) {
    return new TrailMovedException(
        "event #"
            + seq
            + " of the lifecycle trail had not reached "
            + tables
            + " (a command ended between its two commits); applied it now; nothing of this"
            + " command was recorded; run it again to decide on the repaired state",
        true);
  }

  public static WarehouseLockedException warehouseLocked(String path, String holder) {
    return new WarehouseLockedException(
        "warehouse "
            + path
            + " is locked by another steward process ("
            + holder
            + "); wait for it to finish, or use another --warehouse");
  }

  /**
   * @param waited how long the command waited for the lock, as the user wrote it ({@code 10m})
   */
  public static WarehouseLockedException warehouseStillLocked(
      String path, String holder, String waited) {
    return new WarehouseLockedException(
        "warehouse "
            + path
            + " is still locked by another steward process ("
            + holder
            + ") after waiting "
            + waited
            + "; wait longer (--wait-lock), or use another --warehouse");
  }

  public static StewardException sqlFailed(String detail) {
    return new StewardException("SQL failed: " + oneLine(detail));
  }

  public static StewardException fileUnreadable(String path, String detail) {
    return new StewardException(
        "cannot read " + path + " (" + oneLine(detail) + "); check the path and permissions");
  }

  public static StewardException policyInvalid(String source, String detail) {
    return new StewardException("gate policy " + source + ": " + detail + "; fix the file");
  }

  public static StewardException refused(String action, java.util.List<String> missing) {
    return new StewardException("refused: " + action + "; missing: " + String.join("; ", missing));
  }

  public static StewardException notPermitted(String user, String action, String needed) {
    return new StewardException("refused: " + user + " may not " + action + "; it needs " + needed);
  }

  public static StewardException notRegistered(String modelId, Collection<String> known) {
    return new StewardException(
        "model '"
            + modelId
            + "' is not in the registry"
            + (known.isEmpty() ? "" : " (known: " + String.join(", ", known) + ")")
            + "; register it with: steward model register --id "
            + modelId
            + " ...");
  }

  public static StewardException unknownVersion(
      String modelId, String version, Collection<String> known) {
    return new StewardException(
        "model '"
            + modelId
            + "' has no version '"
            + version
            + "'"
            + (known.isEmpty() ? "" : " (known: " + String.join(", ", known) + ")")
            + "; add it with: steward model version add --id "
            + modelId
            + " --version "
            + version
            + " ...");
  }

  public static StewardException alreadyExists(String what, String fix) {
    return new StewardException(what + " already exists; " + fix);
  }

  public static StewardException registryTableWrite(String table, String commands) {
    return new StewardException(
        "steward sql does not change registry table "
            + table
            + "; it changes only through steward's commands ("
            + commands
            + "), so that every change is an audited event");
  }

  public static StewardException resultsTableWrite(String table, String commands) {
    return new StewardException(
        "steward sql does not change "
            + table
            + "; it changes only by a run ("
            + commands
            + "; rerun a night with steward nightly --date YYYY-MM-DD to replace its results),"
            + " which job_runs records");
  }

  public static StewardException viewWrite(String view) {
    return new StewardException(
        "steward sql does not change "
            + view
            + "; it is one of steward's views, defined by the build and registered in every"
            + " session that runs SQL (steward catalog ddl prints its definition); query it with"
            + " SELECT");
  }

  public static StewardException catalogNameElsewhere(
      String table, String registered, String expected) {
    return new StewardException(
        "table "
            + table
            + " in the session's catalog points at "
            + registered
            + ", not at this warehouse's "
            + expected
            + "; register this warehouse under another schema (steward catalog ddl --schema NAME"
            + " --apply) or drop the old table name from the catalog");
  }

  public static StewardException badMaster(String master, String detail) {
    return new StewardException(
        "Spark master '"
            + master
            + "' cannot be used ("
            + oneLine(detail)
            + "); give local[*], local[N], spark://HOST:PORT, yarn or k8s://https://HOST:PORT");
  }

  /**
   * The label files a nightly run wrote for its executors changed under it (removed, or written by
   * another run) between the labels job and the scan.
   */
  public static StewardException labelIndexIncomplete(String dir, long found, long expected) {
    return new StewardException(
        "the labels index at "
            + dir
            + " holds "
            + found
            + " labels where the labels job wrote "
            + expected
            + "; rerun the night");
  }

  /**
   * A key of a {@code thresholds:} block that is no threshold.
   *
   * @param where the file, for example {@code monitor spec credit.yaml}
   */
  public static StewardException thresholdUnknownKey(
      String where, String key, Collection<String> allowed) {
    return new StewardException(
        where
            + " has an unknown threshold key '"
            + key
            + "'; expected one of "
            + String.join(", ", allowed)
            + " (check the spelling)");
  }

  /** A threshold whose value is of the wrong kind or out of its range. */
  public static StewardException thresholdBadValue(
      String where, String key, Object value, String expected) {
    return new StewardException(
        where
            + ": threshold '"
            + key
            + "' is "
            + (value == null ? "empty" : "'" + value + "'")
            + " but must be "
            + expected);
  }

  /** Levels that cannot stand together once layered, such as a WARN looser than its CRITICAL. */
  public static StewardException thresholdsConflict(String where, String detail) {
    return new StewardException(
        where + ": " + detail + "; set the WARN level at or before the CRITICAL one");
  }

  /** An alert id that {@code steward.alerts} does not hold. */
  public static StewardException unknownAlert(String alertId) {
    return new StewardException(
        "alert '" + alertId + "' does not exist; list the alerts with: steward alert list");
  }

  /** An action on an alert episode that is already closed. */
  public static StewardException alertResolved(String alertId, Object resolvedOn) {
    return new StewardException(
        "alert '"
            + alertId
            + "' is already RESOLVED (on "
            + resolvedOn
            + "); a new breach opens a new alert");
  }

  /** Messages from parsers and Spark often span lines; a user error is one line. */
  public static StewardException scanTableUnreadable(String table, String detail) {
    return new StewardException(
        "table "
            + table
            + " named by --scan-table cannot be read ("
            + oneLine(detail)
            + "); name an existing table or Delta path");
  }

  public static StewardException scanTableColumns(
      String table, Collection<String> missing, Collection<String> available) {
    return new StewardException(
        "table "
            + table
            + " named by --scan-table has no column "
            + String.join(", ", missing)
            + " (the audit reads the event time, model id and model version the registered logs"
            + " use); its columns are: "
            + String.join(", ", available));
  }

  public static StewardException unknownTrigger(String triggerId) {
    return new StewardException(
        "no trigger has id '"
            + triggerId
            + "'; list them with: steward trigger list --status OPEN");
  }

  public static StewardException triggerClosed(String triggerId, String status) {
    return new StewardException(
        "trigger " + triggerId + " is already " + status + "; only an OPEN trigger is dismissed");
  }

  public static String oneLine(String text) {
    if (text == null) {
      return "no detail";
    }
    String first = text.strip().lines().findFirst().orElse("");
    return first.length() > 400 ? first.substring(0, 400) + "..." : first;
  }
}
