package io.steward.jobs.cli;

import io.steward.common.metrics.drift.FeatureBaseline;
import io.steward.common.metrics.drift.ModelBaseline;
import io.steward.jobs.baseline.BaselineAction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "baseline",
    mixinStandardHelpOptions = true,
    description =
        "Build a model's drift baseline from its training snapshot at the pinned Delta version"
            + " (the latest, recorded, when the spec pins none).")
final class BaselineCommand extends StewardCommand {
  @Option(names = "--model", required = true, paramLabel = "ID", description = "The model id.")
  String model;

  @Override
  public Integer call() {
    return writing(
        "steward baseline --model " + model,
        ctx -> {
          ModelBaseline b = BaselineAction.run(ctx, model);
          out()
              .println(
                  "baseline "
                      + b.baselineId()
                      + " of "
                      + b.modelId()
                      + ": "
                      + b.rowCount()
                      + " rows of "
                      + b.snapshotTable()
                      + " at Delta version "
                      + b.snapshotVersion());
          for (FeatureBaseline f : b.features()) {
            out()
                .println(
                    "  "
                        + f.feature()
                        + " ("
                        + f.type().sqlName()
                        + "): "
                        + f.reportedBinCount()
                        + " bins, "
                        + f.nonMissingCount()
                        + " non-missing values");
          }
          return StewardCli.OK;
        });
  }
}
