/**
 * The nightly decisions step: the rules judged on the night's small result rows, folded into alert
 * episodes with hysteresis and people's acknowledgements, and written to {@code steward.alerts}.
 */
package io.steward.jobs.decisions;
