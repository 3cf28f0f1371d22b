/**
 * The Spark jobs and the {@code steward} command line, one package per stage of the data's way;
 * this package holds what every action shares: the command's context and the reading of a user's
 * column.
 */
package io.steward.jobs;
