package io.steward.jobs.nightly;

import io.steward.common.spec.TableRef;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** A labels table read by the run, at the version it read. */
record LabelsRead(TableRef table, long version, Dataset<Row> rows) {}
