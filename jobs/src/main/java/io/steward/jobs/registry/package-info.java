/**
 * The governed registry's actions: models, versions, evidence, approvals, transitions, roles and
 * the gate policy, each checked against the lifecycle's rules before anything is written. Driver
 * only.
 */
package io.steward.jobs.registry;
