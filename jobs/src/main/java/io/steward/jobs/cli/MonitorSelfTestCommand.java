package io.steward.jobs.cli;

import io.steward.common.errors.Errors;
import io.steward.common.selftest.SelfTestVerdict;
import io.steward.jobs.monitor.SelfTestAction;
import io.steward.jobs.registry.AddArtifactAction;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "selftest",
    mixinStandardHelpOptions = true,
    description = {
      "Check that the model's alert rules fire: take a sample of its log in the week to a night (or of its"
          + " baseline snapshot when it has no traffic yet), inject known shifts into copies of it"
          + " in memory (a feature shift, a score shift, a missing-value spike, a new category, a"
          + " value out of range, a group disparity, a latency spike, an error spike), run the"
          + " nightly rules over them, and check that each rule fires on its case and an untouched"
          + " control raises nothing. No table is changed but the registry's evidence: for a"
          + " registered model the result is recorded as an ALERT_SELFTEST artifact, which the"
          + " PRODUCTION gate requires.",
      "Exit 0 when every rule fired and the control stayed quiet, 1 otherwise."
    })
final class MonitorSelfTestCommand extends StewardCommand {
  @Option(names = "--model", required = true, paramLabel = "ID", description = "The model.")
  String model;

  @Option(
      names = "--night",
      paramLabel = "YYYY-MM-DD",
      description =
          "The last night of the week sampled (default: the latest the nightly computed for the"
              + " model, else the latest in its log).")
  String night;

  @Option(
      names = "--sample",
      paramLabel = "ROWS",
      defaultValue = "5000",
      description = "The most rows taken from the week (default ${DEFAULT-VALUE}).")
  int sample;

  @Override
  public Integer call() {
    LocalDate day = null;
    if (night != null) {
      try {
        day = LocalDate.parse(night);
      } catch (DateTimeParseException e) {
        throw Errors.badArgument("--night", night, "a date written YYYY-MM-DD");
      }
    }
    if (sample < 100) {
      throw Errors.badArgument(
          "--sample", sample, "at least 100 rows (fewer make the drift figures noise)");
    }
    LocalDate asked = day;
    return writing(
        "steward monitor selftest --model " + model,
        ctx -> {
          SelfTestAction.Result r = SelfTestAction.run(ctx, model, asked, sample);
          SelfTestVerdict v = r.verdict();
          out()
              .println(
                  "alert self-test of "
                      + r.modelId()
                      + " on "
                      + r.sampled()
                      + " row(s) of "
                      + (r.source().equals("log")
                          ? "its log in the week to " + r.night()
                          : r.source()));
          TextTable t =
              new TextTable(List.of("case", "injected", "rule", "result", "figure", "level"));
          for (SelfTestVerdict.CaseResult c : v.cases()) {
            var i = c.injection();
            var k = i.testCase();
            t.add(
                List.of(
                    k.key(),
                    i.applicable()
                        ? (i.column() == null ? "-" : i.column())
                        : "n/a: " + i.notApplicable(),
                    k.rule() == null ? "(every rule)" : k.rule().key(),
                    switch (c.result()) {
                      case FIRED -> "FIRED " + c.severity();
                      case NOT_FIRED -> "NOT FIRED";
                      case RULE_OFF -> "RULE OFF";
                      case NOT_APPLICABLE -> "-";
                      case QUIET -> "quiet";
                      case RAISED -> "RAISED";
                    },
                    c.measured() == null ? "-" : String.format(Locale.ROOT, "%.4g", c.measured()),
                    c.threshold() == null
                        ? "-"
                        : String.format(Locale.ROOT, "%.4g", c.threshold())));
          }
          t.print(out());
          List<String> failures = v.failures();
          failures.forEach(f -> out().println("failed: " + f));
          String outcome = v.passed() ? "PASS" : "FAIL";
          if (r.registered()) {
            Map<String, String> details = new LinkedHashMap<>();
            details.put("night", r.night().toString());
            details.put("source", r.source());
            details.put("rows", Long.toString(r.sampled()));
            List<String> fired = new ArrayList<>();
            v.cases().stream()
                .filter(c -> c.result() == SelfTestVerdict.Result.FIRED)
                .forEach(c -> fired.add(c.injection().testCase().key()));
            details.put("fired", String.join(",", fired));
            AddArtifactAction.recordSelfTest(
                ctx,
                model,
                "steward:monitor-selftest/" + model + "/" + r.night(),
                v.passed(),
                failures.isEmpty()
                    ? "every rule fired; the control stayed quiet"
                    : String.join("; ", failures),
                details);
            out().println(outcome + ": recorded as the ALERT_SELFTEST evidence of " + model);
          } else {
            out()
                .println(
                    outcome
                        + ": "
                        + model
                        + " is not in the registry, so no ALERT_SELFTEST artifact was written");
          }
          return v.passed() ? StewardCli.OK : StewardCli.FAILED;
        });
  }
}
