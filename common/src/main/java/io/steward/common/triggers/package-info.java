/**
 * Triggers with no Spark: their kinds, statuses and reasons, the rules that find a zombie model
 * from its registry and traffic facts, due dates and stable ids, the lifecycle that raises,
 * escalates and actions them from one audit to the next, and the portfolio's maturity score.
 */
package io.steward.common.triggers;
