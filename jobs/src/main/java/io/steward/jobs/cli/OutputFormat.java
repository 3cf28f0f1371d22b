package io.steward.jobs.cli;

/**
 * How a command prints rows: {@code table} aligned for people, {@code csv} a header row then rows,
 * {@code json} one object per line. The constants are the {@code --format} values as typed.
 */
enum OutputFormat {
  table,
  csv,
  json
}
