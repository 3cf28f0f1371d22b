package io.steward.jobs.cli;

import io.steward.jobs.StewardContext;
import io.steward.registry.warehouse.StewardSpark;
import io.steward.registry.warehouse.Warehouse;

/**
 * A command that reads and writes only the registry's small tables (models, versions, lifecycle
 * events, principals, policies, artifacts, triggers, alerts): its body runs on {@link
 * StewardSpark#smallData}, where Spark evaluates plans interpreted. On a few hundred rows,
 * generating and compiling Java for every plan costs more than running it.
 */
abstract class RegistryCommand extends StewardCommand {
  @Override
  StewardContext open(Warehouse w) {
    return super.open(w).smallData();
  }
}
