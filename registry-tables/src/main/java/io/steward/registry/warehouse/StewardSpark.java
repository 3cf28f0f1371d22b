package io.steward.registry.warehouse;

import io.steward.common.errors.Errors;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark session every command runs in. Under spark-submit the master and any user settings come
 * from the submission ({@code spark.master} and the {@code --conf}s arrive as system properties);
 * otherwise Spark runs embedded on {@code local[*]}. Settings below are defaults only: a value
 * already given (spark-submit --conf, spark-defaults.conf, or an existing session's conf) wins,
 * except that Delta's SQL extension is added to a list of other extensions rather than replaced by
 * it, since every command needs Delta.
 */
public final class StewardSpark {
  private StewardSpark() {}

  public static final String DELTA_EXTENSION = "io.delta.sql.DeltaSparkSessionExtension";
  public static final String DELTA_CATALOG = "org.apache.spark.sql.delta.catalog.DeltaCatalog";

  /**
   * Delta's log store for {@code file:} paths: {@link LinkingLogStore}, whose commits are atomic
   * across processes, so two writers on a shared file system cannot both commit one version.
   */
  public static final String LOG_STORE_FILE = "spark.delta.logStore.file.impl";

  /** The master URLs Spark's scheduler accepts (SparkContext's own forms). */
  private static final Pattern MASTER =
      Pattern.compile(
          "local(\\[(\\*|[1-9][0-9]*)(,[0-9]+)?\\])?|local-cluster\\[[0-9]+,[0-9]+,[0-9]+\\]"
              + "|spark://\\S+|yarn|k8s://\\S+");

  /** Returns the active session if there is one (tests, notebooks), else builds one. */
  public static SparkSession session() {
    SparkSession active = SparkSession.getActiveSession().getOrElse(() -> null);
    if (active != null) {
      return active;
    }
    SparkConf conf = new SparkConf();
    String master = conf.get("spark.master", "local[*]");
    requireKnownMaster(master);
    boolean local = master.startsWith("local");
    SparkSession.Builder b = SparkSession.builder().master(master);
    setDefault(b, conf, "spark.app.name", "steward");
    b.config("spark.sql.extensions", withDelta(conf.get("spark.sql.extensions", "")));
    setDefault(b, conf, "spark.sql.catalog.spark_catalog", DELTA_CATALOG);
    setDefault(b, conf, "spark.sql.catalogImplementation", "in-memory");
    setDefault(b, conf, "spark.sql.session.timeZone", "UTC");
    setDefault(b, conf, LOG_STORE_FILE, LinkingLogStore.class.getName());
    if (local) {
      setDefault(b, conf, "spark.ui.enabled", "false");
      setDefault(b, conf, "spark.ui.showConsoleProgress", "false");
      setDefault(b, conf, "spark.sql.shuffle.partitions", "4");
      setDefault(b, conf, "spark.databricks.delta.snapshotPartitions", "1");
      setDefault(b, conf, "spark.databricks.delta.stateReconstructionValidation.enabled", "false");
      setDefault(b, conf, "spark.sql.adaptive.coalescePartitions.initialPartitionNum", "4");
      setDefault(b, conf, "spark.hadoop.fs.file.impl", LocalFiles.class.getName());
      setDefault(
          b, conf, "spark.hadoop.fs.AbstractFileSystem.file.impl", LocalFiles.Fs.class.getName());
    }
    return b.getOrCreate();
  }

  /**
   * What the small-data session changes: Spark runs its plans interpreted instead of generating and
   * compiling Java for them (whole-stage and per-expression code generation).
   */
  public static final Map<String, String> SMALL_DATA =
      Map.of(
          "spark.sql.codegen.wholeStage", "false", "spark.sql.codegen.factoryMode", "NO_CODEGEN");

  private static final Map<SparkSession, SparkSession> SMALL =
      Collections.synchronizedMap(new WeakHashMap<>());

  /**
   * The session for work on small data: registry rows, the night's few hundred results rows and the
   * Delta commits that write them. It shares the parent's SparkContext, catalog and Delta log cache
   * and has the parent's settings (copied on every call, so later changes carry over) except {@link
   * #SMALL_DATA}. On a few hundred rows, compiling code for every plan costs more than running it:
   * a nightly run's results and registry work spends seconds in the Java compiler (Janino), and
   * each run compiles anew because run-specific values (the run id, its timestamps) are constants
   * of the generated code. The scan of the prediction logs stays in the parent session, compiled.
   */
  public static SparkSession smallData(SparkSession parent) {
    SparkSession child = SMALL.computeIfAbsent(parent, SparkSession::newSession);
    Map<String, String> settings =
        scala.jdk.javaapi.CollectionConverters.asJava(parent.conf().getAll());
    // Static and core settings are shared with the parent already; only the ones set at run time
    // differ, and those are the ones copied.
    for (Map.Entry<String, String> e : settings.entrySet()) {
      if (!SMALL_DATA.containsKey(e.getKey())
          && !e.getValue().equals(child.conf().getOption(e.getKey()).getOrElse(() -> null))) {
        child.conf().set(e.getKey(), e.getValue());
      }
    }
    SMALL_DATA.forEach((k, v) -> child.conf().set(k, v));
    return child;
  }

  /** Fails with the fix when Spark would not know what to do with {@code master}. */
  static void requireKnownMaster(String master) {
    if (!MASTER.matcher(master).matches()) {
      throw Errors.badMaster(master, "not a master URL Spark knows");
    }
  }

  /** A comma-separated extension list with Delta's extension in it, given ones kept first. */
  static String withDelta(String extensions) {
    List<String> all = new ArrayList<>();
    for (String e : extensions.split(",")) {
      if (!e.isBlank() && !all.contains(e.strip())) {
        all.add(e.strip());
      }
    }
    if (!all.contains(DELTA_EXTENSION)) {
      all.add(DELTA_EXTENSION);
    }
    return String.join(",", all);
  }

  private static void setDefault(SparkSession.Builder b, SparkConf conf, String key, String value) {
    if (!conf.contains(key)) {
      b.config(key, value);
    }
  }
}
