/**
 * The demo bank: a portfolio of models whose data is generated on the executors with known injected
 * problems, walked through the lifecycle and run night after night.
 */
package io.steward.jobs.demo;
