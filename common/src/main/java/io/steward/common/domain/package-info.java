/**
 * The small values every other package speaks in: model ids, lifecycle stages, risk tiers, roles,
 * artifact kinds, granularities and time windows, as records validated on construction and enums
 * for closed sets.
 */
package io.steward.common.domain;
