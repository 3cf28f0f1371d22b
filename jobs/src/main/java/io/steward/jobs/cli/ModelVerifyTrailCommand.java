package io.steward.jobs.cli;

import io.steward.jobs.registry.Dossier;
import picocli.CommandLine.Command;

/** {@code steward model verify-trail}: recomputes the hash chain of the lifecycle events. */
@Command(
    name = "verify-trail",
    mixinStandardHelpOptions = true,
    description =
        "Recompute the hash chain of steward.lifecycle_events; exit 1 naming the first event altered, removed or inserted out of band.")
final class ModelVerifyTrailCommand extends RegistryCommand {
  @Override
  public Integer call() {
    return reading(
        ctx -> {
          String broken = Dossier.verifyTrail(ctx);
          if (broken != null) {
            err().println("steward: trail broken: " + broken);
            return StewardCli.FAILED;
          }
          out()
              .println(
                  "trail intact: " + Dossier.trailLength(ctx) + " events, hash chain verified");
          return StewardCli.OK;
        });
  }
}
