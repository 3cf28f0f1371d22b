/**
 * Where the warehouse lives and how it is opened: its location, the Spark sessions, table names in
 * the catalog, migrations, the local write lock, the acting user and the local file system.
 */
package io.steward.registry.warehouse;
