package io.steward.jobs.cli;

import io.steward.common.errors.Errors;
import io.steward.common.triggers.Trigger;
import io.steward.common.triggers.TriggerKind;
import io.steward.common.triggers.TriggerStatus;
import io.steward.jobs.registry.TriggerActions;
import io.steward.registry.store.TriggerStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code steward trigger}: list the retraining, rollback, retirement and audit triggers; dismiss.
 */
@Command(
    name = "trigger",
    mixinStandardHelpOptions = true,
    description = "Triggers: what a model's owner must act on (see docs/decisions.md).",
    subcommands = {TriggerCommand.ListTriggers.class, TriggerCommand.Dismiss.class})
final class TriggerCommand extends GroupCommand {

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Triggers, oldest first, with their status, due date and evidence.")
  static final class ListTriggers extends RegistryCommand {
    @Option(names = "--model", paramLabel = "ID")
    String model;

    @Option(names = "--kind", description = "RETRAIN, ROLLBACK, RETIRE, ZOMBIE or UNREGISTERED.")
    String kind;

    @Option(names = "--status", description = "OPEN, ACTIONED or DISMISSED.")
    String status;

    @Option(names = "--owner", paramLabel = "USER")
    String owner;

    @Option(names = "--format", defaultValue = "table", description = "table, csv or json.")
    OutputFormat format;

    @Override
    public Integer call() {
      TriggerKind k = kind == null ? null : TriggerKind.parse(kind);
      if (kind != null && k == null) {
        throw Errors.badArgument(
            "--kind", kind, "one of RETRAIN, ROLLBACK, RETIRE, ZOMBIE, UNREGISTERED");
      }
      TriggerStatus s = status == null ? null : TriggerStatus.parse(status);
      if (status != null && s == null) {
        throw Errors.badArgument("--status", status, "one of OPEN, ACTIONED, DISMISSED");
      }
      TriggerStore.Filter filter = new TriggerStore.Filter(model, k, s, owner);
      return reading(
          ctx -> {
            List<Trigger> triggers = TriggerActions.list(ctx, filter);
            if (format == OutputFormat.json) {
              triggers.forEach(t -> out().println(JsonLines.json(t)));
              return StewardCli.OK;
            }
            List<String> header =
                List.of(
                    "trigger_id",
                    "model_id",
                    "model_version",
                    "kind",
                    "reason",
                    "status",
                    "owner",
                    "age_days",
                    "due_date",
                    "escalated",
                    "closed_by",
                    "close_reason",
                    "evidence");
            Instant now = Instant.now();
            List<List<String>> rows = new ArrayList<>();
            for (Trigger t : triggers) {
              rows.add(
                  Arrays.asList(
                      t.triggerId(),
                      t.modelId(),
                      t.modelVersion(),
                      t.kind().name(),
                      t.reason(),
                      t.status().name(),
                      t.owner(),
                      Long.toString(t.ageDays(now)),
                      t.dueDate().toString(),
                      Boolean.toString(t.escalated()),
                      t.closedBy(),
                      t.closeReason(),
                      t.evidence()));
            }
            if (format == OutputFormat.csv) {
              out().println(TextTable.csv(header));
              rows.forEach(r -> out().println(TextTable.csv(r)));
            } else {
              TextTable table = new TextTable(header);
              rows.forEach(table::add);
              table.print(out());
            }
            return StewardCli.OK;
          });
    }
  }

  @Command(
      name = "dismiss",
      mixinStandardHelpOptions = true,
      description =
          "Dismiss an OPEN trigger with a reason (the model's owner, a VALIDATOR or a"
              + " PLATFORM_ADMIN); recorded as a TRIGGER_DISMISSED event. The audit does not raise"
              + " a dismissed trigger again.")
  static final class Dismiss extends RegistryCommand {
    @Option(names = "--id", required = true, paramLabel = "TRIGGER_ID")
    String id;

    @Option(names = "--reason", required = true, paramLabel = "TEXT")
    String reason;

    @Override
    public Integer call() {
      return writing(
          "steward trigger dismiss",
          ctx -> {
            Trigger t = TriggerActions.dismiss(ctx, id, reason);
            out()
                .println(
                    "dismissed "
                        + t.triggerId()
                        + " ("
                        + t.kind()
                        + " "
                        + t.reason()
                        + " of "
                        + t.modelId()
                        + ")");
            return StewardCli.OK;
          });
    }
  }
}
