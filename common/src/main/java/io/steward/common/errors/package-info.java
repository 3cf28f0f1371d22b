/**
 * Problems a user can fix: one unchecked exception family whose one-line messages are all written
 * in {@link io.steward.common.errors.Errors}.
 */
package io.steward.common.errors;
