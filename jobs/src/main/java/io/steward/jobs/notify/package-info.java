/**
 * Announcing alerts and triggers: an HTTP webhook per owner, risk tier or by default (the gate
 * policy's {@code notify:} block), delivered from the driver after the results are written.
 */
package io.steward.jobs.notify;
