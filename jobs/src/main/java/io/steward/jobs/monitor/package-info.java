/**
 * Registering a monitor spec: its columns checked against the prediction log and training snapshot
 * schemas, then stored. Driver only.
 */
package io.steward.jobs.monitor;
