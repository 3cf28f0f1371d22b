package io.steward.jobs.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.steward.jobs.Cli;
import io.steward.jobs.TestData;
import io.steward.registry.testing.TestSpark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * A governed warehouse for one registry test class, with the helpers that drive it through the
 * command line as several people. {@link #withCast} copies a warehouse that {@code admin}
 * initialised ({@link TestData#initialisedWarehouse}) and granted the cast once per test JVM
 * (olivia OWNER and VALIDATOR, dev DEVELOPER, val VALIDATOR, appr APPROVER, comm COMMITTEE), beside
 * a training snapshot and a prediction log, so a class pays a file copy instead of eight commands.
 * Models reach a stage through committee overrides ({@link #override}), one command per stage, so a
 * test runs the gate it checks and no other. Everything runs on the driver of the shared test
 * session.
 */
public final class RegistryFixture {
  private static Path template;

  public final Path dir;
  public final String wh;
  public final String training;
  public final String log;

  private RegistryFixture(Path dir) {
    this.dir = dir;
    this.wh = dir.resolve("wh").toString();
    this.training = dir.resolve("training").toString();
    this.log = dir.resolve("log").toString();
  }

  /** The training snapshot and the prediction log in {@code dir}, and no warehouse yet. */
  public static RegistryFixture empty(Path dir) {
    RegistryFixture f = new RegistryFixture(dir);
    List<Row> snap = new ArrayList<>();
    for (int i = 1; i <= 50; i++) {
      snap.add(RowFactory.create((double) i, i % 2 == 0 ? "a" : "b", i / 50.0));
    }
    TestData.writeDelta(f.training, snap, TestData.SNAPSHOT, "overwrite");
    TestData.writeDelta(
        f.log,
        List.of(TestData.logRow("2026-03-02T01:00:00Z", "card_limit", "v1", "p1", 0.4, 3.0, "a")),
        TestData.LOG,
        "overwrite");
    return f;
  }

  /** A copy in {@code dir} of the JVM's initialised warehouse with the cast granted. */
  public static RegistryFixture withCast(Path dir) {
    TestData.copyTree(template(), dir);
    return new RegistryFixture(dir);
  }

  private static synchronized Path template() {
    if (template == null) {
      try {
        Path t = Files.createTempDirectory("steward-registry-template");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> TestData.deleteTree(t)));
        RegistryFixture f = empty(t);
        TestData.initialisedWarehouse(Path.of(f.wh));
        for (String[] g :
            new String[][] {
              {"olivia", "OWNER"},
              {"olivia", "VALIDATOR"},
              {"dev", "DEVELOPER"},
              {"val", "VALIDATOR"},
              {"appr", "APPROVER"},
              {"comm", "COMMITTEE"}
            }) {
          f.ok("admin", "principal", "grant", "--user", g[0], "--role", g[1]);
        }
        template = t;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return template;
  }

  public Cli.Run ok(String user, String... args) {
    Cli.Run r = Cli.runAs(user, wh, args);
    assertEquals(0, r.code(), user + " " + String.join(" ", args) + "\n" + r);
    return r;
  }

  /** Runs a command that must be refused with {@code expected}, recorded as one REFUSED event. */
  public Cli.Run refused(String user, String expected, String... args) {
    long before = events();
    Cli.Run r = Cli.runAs(user, wh, args);
    assertEquals(2, r.code(), r.toString());
    assertEquals(1, r.err().lines().count(), r.toString());
    assertEquals("steward: error: " + expected, r.lastErr());
    Row after =
        TestSpark.get()
            .sql(
                "SELECT count(*), max_by(event_type, seq), max_by(actor, seq) FROM delta.`"
                    + wh
                    + "/steward/lifecycle_events`")
            .first();
    assertEquals(before + 1, after.getLong(0), "a refusal adds exactly one event");
    assertEquals("REFUSED", after.getString(1));
    assertEquals(user, after.getString(2));
    return r;
  }

  public long events() {
    return TestSpark.get()
        .sql("SELECT count(*) FROM delta.`" + wh + "/steward/lifecycle_events`")
        .first()
        .getLong(0);
  }

  public String stage(String model) {
    return TestSpark.get()
        .sql("SELECT stage FROM delta.`" + wh + "/steward/models` WHERE model_id = '" + model + "'")
        .first()
        .getString(0);
  }

  /** olivia registers a model she owns, at USE_CASE_APPROVAL. */
  public void register(String id, String name, String tier) {
    ok(
        "olivia",
        "model",
        "register",
        "--id",
        id,
        "--name",
        name,
        "--owner",
        "olivia",
        "--risk-tier",
        tier,
        "--use-case",
        "x",
        "--success-criteria",
        "auc>=0.75");
  }

  /** dev adds a version trained on the snapshot at Delta version 0, with a parameter and AUC. */
  public void addVersion(String id, String version) {
    ok(
        "dev",
        "model",
        "version",
        "add",
        "--id",
        id,
        "--version",
        version,
        "--training-table",
        "delta.`" + training + "`",
        "--training-version",
        "0",
        "--param",
        "max_depth=6",
        "--metric",
        "auc=0.81");
  }

  /** comm moves a model (or, with a version, that version) to a stage past its gate. */
  public void override(String id, String version, String to) {
    List<String> args =
        new ArrayList<>(
            List.of("model", "transition", "--id", id, "--to", to, "--reason", "set up"));
    if (version != null) {
      args.addAll(List.of("--version", version));
    }
    args.add("--override");
    ok("comm", args.toArray(String[]::new));
  }

  /** olivia registers the model's monitor over the log and builds its drift baseline. */
  public void monitor(String id) {
    try {
      Path spec = dir.resolve(id + ".yaml");
      Files.writeString(spec, TestData.spec(id, log, training).baselineVersion(0).yaml());
      ok("olivia", "monitor", "register", "--spec", spec.toString());
      ok("olivia", "baseline", "--model", id);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
