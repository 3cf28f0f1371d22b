package io.steward.jobs.demo;

/** Where the demo writes its logs, outcomes, training snapshots and specs, under one root. */
public record DemoLayout(String root) {
  public String log(String table) {
    return root + "/logs/" + table;
  }

  /** The labels table of a log table's classifiers. */
  public String outcomes(String table) {
    return root + "/logs/" + table + "_outcomes";
  }

  public String snapshot(String model) {
    return root + "/snapshots/" + model;
  }

  /** A training extract a model version was fitted on, which the demo drops afterwards. */
  public String extract(String model) {
    return root + "/extracts/" + model;
  }

  public String specs() {
    return root + "/specs";
  }
}
