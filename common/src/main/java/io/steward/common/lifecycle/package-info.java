/**
 * The lifecycle's rules as pure functions of registry evidence: legal moves, who may approve a
 * gate, what evidence a gate lacks, the tunable gate policy and a model's success criteria.
 */
package io.steward.common.lifecycle;
