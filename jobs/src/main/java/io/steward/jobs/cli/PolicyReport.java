package io.steward.jobs.cli;

import io.steward.common.decisions.Rule;
import io.steward.common.decisions.ThresholdKey;
import io.steward.common.decisions.Thresholds;
import io.steward.common.domain.RiskTier;
import io.steward.common.lifecycle.GatePolicy;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code steward policy show}'s output: the gate values, then the thresholds in force for each risk
 * tier (built-in defaults with the policy's {@code thresholds:} layers applied), as a table or as
 * one JSON document. A value of {@code -} (JSON null) is a level that is off.
 */
final class PolicyReport {
  private PolicyReport() {}

  static void table(PrintWriter out, GatePolicy p) {
    PolicyCommand.print(out, p);
    out.println();
    List<String> header = new ArrayList<>(List.of("threshold", "unit"));
    Arrays.stream(RiskTier.values()).forEach(t -> header.add(t.name()));
    TextTable table = new TextTable(header);
    Map<RiskTier, Thresholds> tiers = tiers(p);
    for (ThresholdKey k : ThresholdKey.values()) {
      List<String> row = new ArrayList<>(List.of(k.key(), k.unit()));
      for (Thresholds t : tiers.values()) {
        Double v = t.value(k);
        row.add(v == null ? "-" : number(v));
      }
      table.add(row);
    }
    table.print(out);
    out.println();
    for (Map.Entry<RiskTier, Thresholds> e : tiers.entrySet()) {
      out.println(
          ThresholdKey.USE_CI + " (" + e.getKey() + "): " + String.join(", ", ci(e.getValue())));
    }
  }

  static void json(PrintWriter out, GatePolicy p) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("fast_track", names(p.fastTrack()));
    doc.put("independent_validation", names(p.independentValidation()));
    doc.put("committee", names(p.committee()));
    doc.put("shadow_days", p.shadowDays());
    doc.put("selftest_max_age_days", p.selfTestMaxAgeDays());
    Map<String, Object> thresholds = new LinkedHashMap<>();
    for (Map.Entry<RiskTier, Thresholds> e : tiers(p).entrySet()) {
      Map<String, Object> tier = new LinkedHashMap<>();
      for (ThresholdKey k : ThresholdKey.values()) {
        Double v = e.getValue().value(k);
        tier.put(k.key(), k.rule() == null ? (Object) v.intValue() : v);
      }
      Map<String, Boolean> useCi = new LinkedHashMap<>();
      for (Rule r : Rule.values()) {
        useCi.put(r.key(), e.getValue().of(r).useCi());
      }
      tier.put(ThresholdKey.USE_CI, useCi);
      thresholds.put(e.getKey().name(), tier);
    }
    doc.put("thresholds", thresholds);
    out.println(JsonLines.json(doc));
  }

  private static Map<RiskTier, Thresholds> tiers(GatePolicy p) {
    Map<RiskTier, Thresholds> out = new LinkedHashMap<>();
    for (RiskTier t : RiskTier.values()) {
      out.put(t, p.thresholds().defaults(t));
    }
    return out;
  }

  private static List<String> ci(Thresholds t) {
    return Arrays.stream(Rule.values()).filter(r -> t.of(r).useCi()).map(Rule::key).toList();
  }

  private static List<String> names(Set<RiskTier> tiers) {
    return Arrays.stream(RiskTier.values()).filter(tiers::contains).map(Enum::name).toList();
  }

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
