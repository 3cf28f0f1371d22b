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
          Dossier.TrailCheck check = Dossier.verifyTrail(ctx);
          if (check.broken() != null) {
            err().println("steward: trail broken: " + check.broken());
            return StewardCli.FAILED;
          }
          out()
              .println(
                  "trail intact: "
                      + check.length()
                      + " events, hash chain verified; head #"
                      + check.head().seq()
                      + " "
                      + check.head().hash());
          if (check.unlanded() != null) {
            out()
                .println(
                    "pending: "
                        + check.unlanded()
                        + " (a command ended between its two commits); the next writing command"
                        + " completes it");
          }
          return StewardCli.OK;
        });
  }
}
