package io.steward.jobs;

import io.steward.registry.warehouse.CatalogNames;
import io.steward.registry.warehouse.Identity;
import io.steward.registry.warehouse.StewardSpark;
import io.steward.registry.warehouse.Warehouse;
import io.steward.registry.warehouse.WarehouseLock;
import java.io.PrintWriter;
import org.apache.spark.sql.SparkSession;

/**
 * What every action runs with: the Spark session, the warehouse, who is acting, and where results
 * (stdout) and progress (stderr) go. Built once per command on the driver.
 */
public record StewardContext(
    SparkSession spark, Warehouse warehouse, String user, PrintWriter out, PrintWriter err) {

  /** Opens the session and makes {@code steward.*} names resolvable in it. */
  public static StewardContext open(Warehouse warehouse, PrintWriter out, PrintWriter err) {
    SparkSession spark = StewardSpark.session();
    CatalogNames.register(spark, warehouse);
    return new StewardContext(spark, warehouse, Identity.currentUser(), out, err);
  }

  /**
   * The same context on {@link StewardSpark#smallData}, the session for registry reads, results
   * rows and their commits; the prediction logs are read in this context's session.
   */
  public StewardContext smallData() {
    return new StewardContext(StewardSpark.smallData(spark), warehouse, user, out, err);
  }

  /**
   * A progress line for the person watching; never mixed into the results on stdout. While this
   * process holds the warehouse lock, the line is also the run's last phase in the lock file (kept
   * there first, so a line seen on stderr is never later than the lock file's), for a writer that
   * finds the lock held, or finds this process dead.
   */
  public void progress(String line) {
    WarehouseLock.report(warehouse, line);
    err.println(line);
    err.flush();
  }
}
