/**
 * Labels that arrive after the prediction: each labels table written as index files by its own job,
 * loaded off the heap by each executor as the latest label per prediction id, and joined to the log
 * rows there, so the labels never reach the driver.
 */
package io.steward.jobs.labels;
