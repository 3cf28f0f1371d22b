/**
 * Shadow mode: a challenger version scoring the same requests as the champion, compared pair by
 * pair (matched by prediction id), and the verdict PROMOTE / KEEP / ROLLBACK drawn from the
 * comparison and its intervals.
 */
package io.steward.common.metrics.shadow;
