/**
 * The alert self-test: which known shifts to inject into a sample of a model's traffic, and whether
 * each rule fired on its case while an untouched control raised nothing. Pure; the Spark side is
 * {@code io.steward.jobs.monitor.SelfTestAction}.
 */
package io.steward.common.selftest;
