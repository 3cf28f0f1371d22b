package io.steward.jobs.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.steward.jobs.Cli;
import io.steward.jobs.TestData;
import io.steward.registry.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model's monitoring configuration is governed like its lifecycle: registering the spec and
 * building the baseline need the owner, a DEVELOPER or an admin, leave events naming the spec's
 * hash and the baseline's pinned snapshot (shown by model show), and a model in PRODUCTION takes a
 * changed spec only once that spec is approved.
 */
class ConfigurationGovernanceTest {
  @TempDir Path dir;

  private Path spec(RegistryFixture f, String name, String yaml) throws Exception {
    Path p = dir.resolve(name + ".yaml");
    Files.writeString(p, yaml);
    return p;
  }

  private static Row lastEvent(RegistryFixture f) {
    return TestSpark.get()
        .sql(
            "SELECT max_by(event_type, seq), max_by(actor, seq), max_by(evidence, seq) FROM delta.`"
                + f.wh
                + "/steward/lifecycle_events`")
        .first();
  }

  private static long monitors(RegistryFixture f) {
    return TestSpark.get()
        .sql("SELECT count(*) FROM delta.`" + f.wh + "/steward/monitors`")
        .first()
        .getLong(0);
  }

  @Test
  void monitoringChangesNeedTheRightPeopleAndLeaveEvents() throws Exception {
    RegistryFixture f = RegistryFixture.withCast(dir);
    f.register("cfg", "Config", "LOW");
    Path first =
        spec(f, "first", TestData.spec("cfg", f.log, f.training).baselineVersion(0).yaml());

    f.refused(
        "val",
        "refused: val may not register the monitor spec of cfg; it needs ownership of the model,"
            + " the DEVELOPER role or the PLATFORM_ADMIN role",
        "monitor",
        "register",
        "--spec",
        first.toString());
    assertEquals(0, monitors(f), "a refusal writes no monitor");

    f.ok("dev", "monitor", "register", "--spec", first.toString());
    Row registered = lastEvent(f);
    assertEquals("MONITOR_REGISTERED", registered.getString(0));
    assertEquals("dev", registered.getString(1));
    assertTrue(registered.getString(2).matches("spec_sha256=[0-9a-f]{64}; registration=.+"));
    String sha = registered.getString(2).substring(12, 76);

    f.refused(
        "appr",
        "refused: appr may not build the baseline of cfg; it needs ownership of the model, the"
            + " DEVELOPER role or the PLATFORM_ADMIN role",
        "baseline",
        "--model",
        "cfg");
    f.ok("olivia", "baseline", "--model", "cfg");
    Row built = lastEvent(f);
    assertEquals("BASELINE_BUILT", built.getString(0));
    assertTrue(
        built
            .getString(2)
            .matches(
                "baseline_id=.+; snapshot=delta\\.`"
                    + java.util.regex.Pattern.quote(f.training)
                    + "`@0; spec_sha256="
                    + sha),
        built.getString(2));

    String show = f.ok("val", "model", "show", "--id", "cfg").out();
    assertTrue(
        show.contains("  monitoring: spec " + sha.substring(0, 12) + " registered by dev on "),
        show);
    assertTrue(
        show.contains("; baseline of delta.`" + f.training + "`@0 built by olivia on "), show);
  }

  @Test
  void aProductionModelTakesAChangedSpecOnlyOnceItIsApproved() throws Exception {
    RegistryFixture f = RegistryFixture.withCast(dir);
    f.register("live", "Live", "LOW");
    Path first =
        spec(f, "first", TestData.spec("live", f.log, f.training).baselineVersion(0).yaml());
    f.ok("olivia", "monitor", "register", "--spec", first.toString());
    for (String stage : List.of("DEVELOPMENT", "VALIDATION", "DEPLOYMENT", "PRODUCTION")) {
      f.override("live", null, stage);
    }
    assertEquals("PRODUCTION", f.stage("live"));
    // The same spec again is no change.
    f.ok("olivia", "monitor", "register", "--spec", first.toString());

    String changed =
        TestData.spec("live", f.log, f.training)
            .baselineVersion(0)
            .set("min_group_size", 25)
            .yaml();
    Path second = spec(f, "second", changed);
    String sha = sha256(changed);
    long before = monitors(f);
    f.refused(
        "olivia",
        "refused: replace the monitor spec of live (in PRODUCTION); missing: an approval of spec "
            + sha
            + " (steward model approve --id live --gate MONITOR --spec-sha256 "
            + sha
            + ")",
        "monitor",
        "register",
        "--spec",
        second.toString());
    assertEquals(before, monitors(f), "nothing written");

    Cli.Run bad =
        Cli.runAs(
            "olivia",
            f.wh,
            "model",
            "approve",
            "--id",
            "live",
            "--gate",
            "MONITOR",
            "--spec-sha256",
            "abc");
    assertEquals(2, bad.code(), bad.toString());
    f.ok(
        "olivia",
        "model",
        "approve",
        "--id",
        "live",
        "--gate",
        "MONITOR",
        "--spec-sha256",
        sha,
        "--note",
        "smaller groups judged for the thin nights");
    Cli.Run replaced = f.ok("olivia", "monitor", "register", "--spec", second.toString());
    assertTrue(replaced.out().startsWith("replaced monitor live"), replaced.toString());
    assertEquals(
        sha,
        TestSpark.get()
            .sql(
                "SELECT spec_sha256 FROM delta.`"
                    + f.wh
                    + "/steward/monitors` WHERE model_id = 'live' AND active")
            .first()
            .getString(0));
  }

  private static String sha256(String text) throws Exception {
    return java.util.HexFormat.of()
        .formatHex(
            java.security.MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }
}
