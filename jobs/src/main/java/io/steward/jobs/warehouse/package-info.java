/**
 * The warehouse commands' actions: creating or upgrading the tables, and registering them in a
 * metastore. Driver only.
 */
package io.steward.jobs.warehouse;
