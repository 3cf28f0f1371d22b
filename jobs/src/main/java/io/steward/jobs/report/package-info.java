/** A model's evidence pack for a model risk review, as one self-contained HTML file. */
package io.steward.jobs.report;
