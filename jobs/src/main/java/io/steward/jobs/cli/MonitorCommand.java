package io.steward.jobs.cli;

import io.steward.jobs.monitor.RegisterMonitorAction;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "monitor",
    mixinStandardHelpOptions = true,
    description = "Manage monitor specs and check that their alert rules fire.",
    subcommands = {MonitorCommand.Register.class, MonitorSelfTestCommand.class})
final class MonitorCommand extends GroupCommand {
  @Command(
      name = "register",
      mixinStandardHelpOptions = true,
      description =
          "Validate a monitor spec against its tables and store it. Registering a model again"
              + " replaces its spec; the earlier one stays in steward.monitors, superseded.")
  static final class Register extends StewardCommand {
    @Option(names = "--spec", required = true, paramLabel = "FILE.yaml", description = "The spec.")
    Path specFile;

    @Override
    public Integer call() {
      return writing(
          "steward monitor register --spec " + specFile,
          ctx -> {
            RegisterMonitorAction.Result r = RegisterMonitorAction.run(ctx, specFile);
            out()
                .println(
                    (r.registration().replacedEarlier() ? "replaced" : "registered")
                        + " monitor "
                        + r.spec().modelId()
                        + " (registration "
                        + r.registration().registrationId()
                        + ", spec sha256 "
                        + r.registration().specSha256().substring(0, 12)
                        + ")");
            return StewardCli.OK;
          });
    }
  }
}
