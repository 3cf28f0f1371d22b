/**
 * Decisions from the nightly figures, with no Spark: the rules and their thresholds (with risk-tier
 * defaults, policy and spec overrides), the evaluation of one night's figure against a rule, and
 * the fold of a rule's nights into alert episodes with hysteresis.
 */
package io.steward.common.decisions;
