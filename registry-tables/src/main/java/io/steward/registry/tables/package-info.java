/**
 * Every {@code steward.*} table defined in one place: name, columns and Delta properties. Every
 * reader and writer takes its column names from here.
 */
package io.steward.registry.tables;
