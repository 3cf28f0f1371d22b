/**
 * Where the warehouse lives and how it is opened: its location, the Spark sessions, table names in
 * the catalog, migrations, the local write lock, the acting user, the local file system, and the
 * reading of small tables on the driver with Delta Kernel.
 */
package io.steward.registry.warehouse;
